package io.procshare.node.guest.riscv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.procshare.node.guest.riscv.elf.ElfImage;
import io.procshare.node.guest.riscv.elf.ElfLoader;
import io.procshare.node.guest.riscv.elf.InitialStack;
import io.procshare.node.guest.riscv.engine.Engine;
import io.procshare.node.guest.riscv.engine.GuestTrapException;

/** Runs a static riscv64 binary on the engine, FlatMemory and MiniLinux: the test-scope "qemu". */
public final class GuestRunner {

    public static final long STACK_TOP = 0xC000_0000L, MMAP_BASE = 0x8000_0000L;

    private GuestRunner() {
    }

    /** Output, exit status (128 + signal for a trap, 139 for a fault), instructions retired, the trap if any. */
    public record Result(String stdout, String stderr, int status, long retired, RuntimeException trap) {
    }

    public static Result run(Path binary, String... args) throws IOException {
        FlatMemory mem = new FlatMemory();
        ElfImage img = ElfLoader.load(Files.readAllBytes(binary), mem);
        List<String> argv = new ArrayList<>();
        argv.add(binary.toString());
        argv.addAll(List.of(args));
        InitialStack.Result stack = InitialStack.build(mem, STACK_TOP, img, argv, List.of("LANG=C"),
                new InitialStack.Identity(0, 0, 0, 0, binary.toString()), new Random(7));
        Hart hart = new Hart();
        InitialStack.enter(hart, img, stack);
        MiniLinux os = new MiniLinux(mem, binary.toAbsolutePath().toString(), img.brk(), MMAP_BASE, STACK_TOP - (64 << 20));
        int status;
        RuntimeException trap = null;
        try {
            Engine.run(hart, mem, os);
            throw new AssertionError("the engine returned");
        } catch (MiniLinux.Exit e) {
            status = e.status;
        } catch (GuestTrapException e) {
            status = e.exitStatus();
            trap = e;
        } catch (FlatMemory.Fault e) {
            status = 139;
            trap = e;
        }
        return new Result(os.stdout.toString(StandardCharsets.ISO_8859_1), os.stderr.toString(StandardCharsets.ISO_8859_1),
                status, hart.retired, trap);
    }
}
