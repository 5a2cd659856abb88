package io.procshare.verticles.syscall;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** docs/syscalls.md is what {@link SyscallDocs} makes of the {@link SyscallTable}, and every test it names exists. */
class SyscallDocsTest {

    /** The repository root: surefire runs in the module directory. */
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    @Test
    void when_theTableOrTheCoverageChanges_then_docsSyscallsMdIsRegenerated() throws Exception {
        Path doc = ROOT.resolve("docs/syscalls.md");
        String expected = SyscallDocs.render(SyscallTable.linuxGeneric());
        String actual = Files.isRegularFile(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        if (!actual.equals(expected)) {
            fail(doc + " is out of date with SyscallTable / SyscallDocs.COVERAGE. Regenerate it from "
                    + ROOT + " with:\n  " + SyscallDocs.REGENERATE);
        }
    }

    @Test
    void when_aCallIsInTheTable_then_atLeastOneTestCoversIt_andNoCoverageNamesAnUnknownCall() {
        List<String> names = SyscallTable.linuxGeneric().all().stream().map(SyscallSpec::name).toList();
        assertThat(SyscallDocs.COVERAGE.keySet()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(SyscallDocs.COVERAGE.values()).allSatisfy(tests -> assertThat(tests).isNotEmpty());
    }

    @Test
    void when_theDocsNameATestMethod_then_thatMethodExistsInItsModulesTestSources() throws Exception {
        List<String> all = new ArrayList<>();
        SyscallDocs.COVERAGE.values().forEach(all::addAll);
        all.add(SyscallDocs.ENOSYS_TEST);
        all.add(SyscallDocs.MISSED_TEST);
        for (String t : all.stream().distinct().toList()) {
            String module = t.substring(0, t.indexOf(':'));
            String cls = t.substring(t.indexOf(':') + 1, t.indexOf('#'));
            String method = t.substring(t.indexOf('#') + 1);
            Path source = ROOT.resolve(module).resolve("src/test/java").resolve(cls.replace('.', '/') + ".java");
            assertThat(source).as("test class of %s", t).isRegularFile();
            assertThat(Pattern.compile("\\bvoid " + Pattern.quote(method) + "\\(").matcher(Files.readString(source)).find())
                    .as("%s declares %s", source, method).isTrue();
        }
    }
}
