-- Fed on stdin to the riscv64 SQLite shell (`sqlite3 test.db`) by the corpus comparison: a file
-- database in the working directory (journal, locks, page I/O), tables, inserts, a recursive CTE,
-- joins, aggregates, window functions, printf, JSON, an index, a transaction rolled back, and
-- an error message on stderr (so the shell exits 1). Deterministic: every query orders its rows;
-- nothing random (randomblob) is printed.
.headers on
.mode list
PRAGMA journal_mode = DELETE;
CREATE TABLE node (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, cores INTEGER);
CREATE TABLE thread (gtid INTEGER PRIMARY KEY, node_id INTEGER REFERENCES node(id), work REAL, state TEXT);
INSERT INTO node (name, cores) VALUES ('node1', 2), ('node2', 4), ('node3', 8);
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 3000)
INSERT INTO thread SELECT i, (i * 7) % 3 + 1, (i * 37 % 101) / 7.0, CASE WHEN i % 5 = 0 THEN 'EXITED' ELSE 'RUNNING' END FROM seq;
CREATE INDEX thread_node ON thread(node_id, state);
SELECT count(*) AS threads, sum(work) AS total_work, min(gtid), max(gtid) FROM thread;
SELECT n.name, count(t.gtid) AS threads, printf('%.3f', avg(t.work)) AS avg_work,
       sum(t.state = 'RUNNING') AS running, n.cores
  FROM node n LEFT JOIN thread t ON t.node_id = n.id GROUP BY n.id ORDER BY n.name;
SELECT state, node_id, count(*) FROM thread GROUP BY state, node_id HAVING count(*) > 100 ORDER BY state, node_id;
.mode column
SELECT gtid, node_id, work, rank() OVER (PARTITION BY node_id ORDER BY work DESC, gtid) AS rnk,
       printf('%08.3f', sum(work) OVER (PARTITION BY node_id ORDER BY gtid ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)) AS moving
  FROM thread WHERE gtid <= 12 ORDER BY gtid;
.mode list
SELECT printf('%5d|%-8s|%x|%e|%.2f%%', 255, 'left', 48879, 1234.5, 99.5);
SELECT json_object('node', name, 'cores', cores) FROM node ORDER BY id;
SELECT json_extract('{"a":[1,2,{"b":"deep"}]}', '$.a[2].b'), json_array_length('[1,2,3,4]');
SELECT group_concat(name, '+') FROM (SELECT name FROM node ORDER BY cores DESC);
SELECT upper('procshare'), length('riscv64'), substr('sqlite shell', 8), replace('a-b-c', '-', '/'), instr('hello', 'l');
SELECT 7 / 2, 7 % 3, 7 / 2.0, round(2.5), round(-2.5), abs(-9223372036854775807), 1e308 * 10, typeof(1e308 * 10);
SELECT hex(zeroblob(4)), quote(x'00ff'), unicode('€'), char(82, 86);
BEGIN;
DELETE FROM thread WHERE node_id = 2;
SELECT 'inside the transaction', count(*) FROM thread;
ROLLBACK;
SELECT 'after the rollback', count(*) FROM thread;
UPDATE node SET cores = cores * 2 WHERE name <> 'node1';
SELECT name, cores FROM node ORDER BY id;
INSERT INTO node (name, cores) VALUES ('node1', 1);
SELECT 'still running after the error', count(*) FROM node;
PRAGMA integrity_check;
DROP TABLE thread;
SELECT name FROM sqlite_schema ORDER BY name;
