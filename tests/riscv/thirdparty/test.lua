-- Fed on stdin to the riscv64 Lua 5.4 interpreter (`lua -`) by the corpus comparison: tables,
-- string functions and patterns, closures, coroutines, integer and float math, errors, io.write.
-- Deterministic output: no addresses, no clock, no pairs() order (string hashes are seeded per
-- run), math.random only after math.randomseed.

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  return keys
end

io.write("== tables\n")
local t = {}
for i = 1, 1000 do t[i] = (i * 7919) % 1009 end
table.sort(t)
io.write("sorted: ", t[1], " ", t[500], " ", t[1000], " n=", #t, "\n")
local squares = {}
for i = 1, 10 do table.insert(squares, i * i) end
table.remove(squares, 1)
io.write("concat: ", table.concat(squares, ","), "\n")
local words = {}
for w in ("the quick brown fox jumps over the lazy dog the end"):gmatch("%a+") do
  words[w] = (words[w] or 0) + 1
end
for _, k in ipairs(sorted_keys(words)) do io.write(k, "=", words[k], " ") end
io.write("\n")
io.write("unpack: ", select("#", table.unpack({1, 2, 3, nil, 5}, 1, 5)), " ", table.pack(1, nil, 3).n, "\n")
local mt = setmetatable({}, { __index = function(_, k) return k * 2 end, __len = function() return 42 end })
io.write("metatable: ", mt[21], " ", #mt, "\n")
local V = {}
V.__index = V
V.__add = function(a, b) return setmetatable({ x = a.x + b.x, y = a.y + b.y }, V) end
V.__tostring = function(v) return string.format("(%g, %g)", v.x, v.y) end
local v = setmetatable({ x = 1.5, y = -2 }, V) + setmetatable({ x = 0.25, y = 10 }, V)
io.write("vector: ", tostring(v), "\n")

io.write("== strings\n")
local s = "Hello, riscv64 World! 12345"
io.write(s:upper(), "|", s:lower(), "|", s:len(), "|", s:reverse(), "\n")
io.write(s:sub(8, 14), "|", s:find("World"), "|", s:match("(%d+)"), "\n")
io.write((s:gsub("%w+", function(w) return "<" .. w .. ">" end)), "\n")
io.write(string.format("%5d|%-5s|%05.1f|%x|%X|%q|%e|%g|%a", 42, "ab", 3.14159, 255, 48879, "a\nb\"c", 12345.678, 1e20, 1.0), "\n")
io.write(string.rep("ab", 3, "-"), " ", ("x"):byte(), " ", string.char(76, 117, 97), "\n")
local packed = string.pack("<i4 d s1", -2, 0.5, "lua")
io.write("pack: ", #packed, " ", string.unpack("<i4", packed), " ", select(2, string.unpack("<i4 d", packed)), "\n")
local b = {}
for i = 1, #packed do b[i] = string.format("%02x", packed:byte(i)) end
io.write("bytes: ", table.concat(b), "\n")
io.write("utf8: ", utf8.len("héllo wörld"), " ", utf8.char(72, 228, 8364), " ", utf8.codepoint("€"), "\n")

io.write("== closures\n")
local function counter(step)
  local n = 0
  return function() n = n + step; return n end
end
local c1, c2 = counter(1), counter(10)
c1(); c1(); c2()
io.write("counters: ", c1(), " ", c2(), "\n")
local function memo_fib()
  local cache = {}
  local function fib(n)
    if n < 2 then return n end
    if cache[n] then return cache[n] end
    local r = fib(n - 1) + fib(n - 2)
    cache[n] = r
    return r
  end
  return fib
end
io.write("fib(90) = ", memo_fib()(90), "\n")
local function compose(...)
  local fs = { ... }
  return function(x)
    for i = #fs, 1, -1 do x = fs[i](x) end
    return x
  end
end
io.write("compose: ", compose(function(x) return x + 1 end, function(x) return x * 3 end)(5), "\n")

io.write("== coroutines\n")
local gen = coroutine.wrap(function()
  for i = 1, 5 do coroutine.yield(i * i) end
  return "done"
end)
for _ = 1, 6 do io.write(tostring(gen()), " ") end
io.write("\n")
local co = coroutine.create(function(a, b)
  local c = coroutine.yield(a + b)
  local d, e = coroutine.yield(c * 2)
  return d + e
end)
io.write("resume: ", select(2, coroutine.resume(co, 1, 2)), " ", select(2, coroutine.resume(co, 10)), " ",
  select(2, coroutine.resume(co, 3, 4)), " ", coroutine.status(co), "\n")
local function producer()
  return coroutine.create(function()
    for _, w in ipairs({ "alpha", "beta", "gamma" }) do coroutine.yield(w) end
  end)
end
local p = producer()
while true do
  local ok, w = coroutine.resume(p)
  if not ok or w == nil then break end
  io.write("consumed ", w, "\n")
end

io.write("== math\n")
io.write(math.maxinteger, " ", math.mininteger, " ", tostring(math.maxinteger + 1 == math.mininteger), "\n")
io.write(7 // 2, " ", -7 // 2, " ", 7 % -3, " ", 7.5 // 2, " ", 2 ^ 10, " ", 10 / 4, " ", 3 | 5, " ", 6 & 3, " ", 1 << 40, " ", ~0, "\n")
io.write(string.format("%.17g %.17g %.17g %.17g", math.pi, math.sqrt(2), math.sin(1), math.exp(1)), "\n")
io.write(string.format("%.17g %.17g %.17g", math.log(10), math.atan(1, 2), math.fmod(-7.5, 2)), "\n")
io.write(math.floor(-3.5), " ", math.ceil(-3.5), " ", math.tointeger(3.0), " ", math.type(1), " ", math.type(1.0), " ", math.abs(-0.0), "\n")
io.write(tostring(1 / 0), " ", tostring(-1 / 0), " ", tostring(0 / 0 ~= 0 / 0), " ", 0x7fffffff * 3, "\n")
math.randomseed(42)
local r = {}
for i = 1, 5 do r[i] = math.random(1, 1000) end
io.write("random: ", table.concat(r, " "), "\n")
local sum = 0.0
for i = 1, 100000 do sum = sum + 1 / (i * i) end
io.write(string.format("basel %.15f\n", sum))
local primes, n = {}, 2
while #primes < 20 do
  local isp = true
  for _, q in ipairs(primes) do
    if q * q > n then break end
    if n % q == 0 then isp = false break end
  end
  if isp then primes[#primes + 1] = n end
  n = n + 1
end
io.write("primes: ", table.concat(primes, " "), "\n")

io.write("== errors\n")
local ok, err = pcall(function() error({ code = 7 }) end)
io.write("pcall table error: ", tostring(ok), " ", err.code, "\n")
ok, err = pcall(function() return nil + 1 end)
io.write("arith on nil: ", tostring(ok), " ", err, "\n")
io.write("xpcall: ", select(2, xpcall(function() error("boom", 0) end, function(m) return "handled " .. m end)), "\n")
io.write("tonumber: ", tonumber("0x10"), " ", tonumber("z", 36), " ", tostring(tonumber("nope")), " ", tonumber("1e2"), "\n")
io.stderr:write("lua: a line on stderr\n")
io.write("lua: done\n")
