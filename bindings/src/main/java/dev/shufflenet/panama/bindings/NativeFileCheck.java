package dev.shufflenet.panama.bindings;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * What can be known about a shared library without loading it, checked before {@code dlopen} sees it (on Linux):
 * a 64-bit little-endian ELF shared object for this JVM's machine, whose program segments and section headers lie
 * inside the file. {@code dlopen} maps segments by the sizes the headers promise: a truncated file is mapped past
 * its end and the process dies of SIGBUS on first touch, and a text file or a foreign build gets a confusing
 * loader message; each of those is refused here with a reason instead.
 *
 * <p>Not a guarantee that the library works (bytes inside its segments may still be wrong: the bundled copies
 * are also checked by checksum, see {@link NativeResourceCache}); it is what an override can be checked for.
 */
public final class NativeFileCheck {
    private NativeFileCheck() {}

    private static final int EHDR_SIZE = 64, PHDR_SIZE = 56, PT_LOAD = 1, ET_DYN = 3;
    private static final int EM_X86_64 = 62, EM_AARCH64 = 183;

    /** Null when the file passes, else why it must not be loaded. */
    public static String problem(Path file, String osArch) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer h = read(ch, 0, (int) Math.min(EHDR_SIZE, size));
            if (h.remaining() < 4 || h.getInt(0) != 0x464c457f) // "\u007fELF" read little-endian
                return file + " is not an ELF shared library (a linker script or text file?)";
            if (size < EHDR_SIZE) return file + " is too short for an ELF header (" + size + " bytes)";
            if (h.get(4) != 2) return file + " is a 32-bit ELF file; this JVM needs a 64-bit library";
            if (h.get(5) != 1) return file + " is a big-endian ELF file; this JVM needs a little-endian library";
            int type = Short.toUnsignedInt(h.getShort(16)), machine = Short.toUnsignedInt(h.getShort(18));
            if (type != ET_DYN) return file + " is an ELF file of type " + type + ", not a shared library (type 3)";
            int expected = machineOf(osArch);
            if (expected != 0 && machine != expected)
                return file + " is built for " + machineName(machine) + " (ELF machine " + machine + "), but this JVM"
                        + " runs on " + osArch;
            long phoff = h.getLong(32), shoff = h.getLong(40);
            int phentsize = Short.toUnsignedInt(h.getShort(54)), phnum = Short.toUnsignedInt(h.getShort(56));
            int shentsize = Short.toUnsignedInt(h.getShort(58)), shnum = Short.toUnsignedInt(h.getShort(60));
            if (phnum == 0) return file + " has no program headers, so it cannot be loaded";
            if (phentsize != PHDR_SIZE) return file + " has program headers of " + phentsize + " bytes, not " + PHDR_SIZE;
            String cut = beyond(file, "program header table", phoff, (long) phnum * phentsize, size);
            if (cut != null) return cut;
            if (shoff != 0 && shnum != 0) {
                cut = beyond(file, "section header table", shoff, (long) shnum * shentsize, size);
                if (cut != null) return cut;
            }
            ByteBuffer ph = read(ch, phoff, phnum * phentsize);
            for (int i = 0; i < phnum; i++) {
                int at = i * PHDR_SIZE;
                if (ph.getInt(at) != PT_LOAD) continue;
                cut = beyond(file, "loadable segment " + i, ph.getLong(at + 8), ph.getLong(at + 32), size);
                if (cut != null) return cut;
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "cannot read " + file + ": " + e;
        }
    }

    /** Null when [offset, offset + length) lies inside a file of {@code size} bytes, else the reason. */
    private static String beyond(Path file, String what, long offset, long length, long size) {
        if (offset >= 0 && length >= 0 && offset + length >= 0 && offset + length <= size) return null;
        return file + " is truncated: its " + what + " ends at byte " + Long.toUnsignedString(offset + length)
                + " but the file has " + size + " bytes";
    }

    private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && ch.read(b, position + b.position()) > 0) { }
        return b.flip();
    }

    private static int machineOf(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> EM_X86_64;
            case "aarch64", "arm64" -> EM_AARCH64;
            default -> 0; // not checked
        };
    }

    private static String machineName(int machine) {
        return switch (machine) {
            case EM_X86_64 -> "x86-64";
            case EM_AARCH64 -> "aarch64";
            case 3 -> "i386";
            case 40 -> "arm";
            case 243 -> "riscv";
            default -> "another machine";
        };
    }
}
