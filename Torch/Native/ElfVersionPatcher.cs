using System.Buffers.Binary;
using System.Text;

namespace RsPipeline.Torch.Native;

/// <summary>
/// Marks one required symbol version of an ELF64 little-endian shared object as weak
/// (VER_FLG_WEAK in the vna_flags of its Elf64_Vernaux entry in .gnu.version_r), so that the
/// dynamic loader only notes its absence instead of refusing to load the library.
/// </summary>
internal static class ElfVersionPatcher
{
    private const uint SectionTypeGnuVersionNeeded = 0x6ffffffe;
    private const ushort VersionFlagWeak = 0x2;
    private const int ElfHeaderSectionHeaderOffset = 0x28;
    private const int ElfHeaderSectionEntrySize = 0x3A;
    private const int ElfHeaderSectionCount = 0x3C;
    private static ReadOnlySpan<byte> ElfMagic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary>What <see cref="MarkVersionWeak"/> found.</summary>
    public enum Outcome
    {
        /// <summary>The entry was found and its weak flag was set.</summary>
        Patched,
        /// <summary>The entry was found and was already weak.</summary>
        AlreadyWeak,
        /// <summary>The object does not require that version.</summary>
        NotRequired,
    }

    /// <summary>Sets VER_FLG_WEAK on every requirement of <paramref name="versionName"/> in <paramref name="elf"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an ELF64 little-endian object or are truncated.</exception>
    public static Outcome MarkVersionWeak(Span<byte> elf, string versionName)
    {
        ValidateHeader(elf);
        var outcome = Outcome.NotRequired;
        foreach (var section in SectionHeaders(elf))
        {
            if (section.Type != SectionTypeGnuVersionNeeded)
            {
                continue;
            }

            var strings = SectionHeaderAt(elf, checked((int)section.Link));
            foreach (var flagsOffset in VersionAuxFlagOffsets(elf, section, strings, versionName))
            {
                var flags = BinaryPrimitives.ReadUInt16LittleEndian(elf[flagsOffset..]);
                if ((flags & VersionFlagWeak) != 0)
                {
                    outcome = outcome == Outcome.Patched ? Outcome.Patched : Outcome.AlreadyWeak;
                    continue;
                }

                BinaryPrimitives.WriteUInt16LittleEndian(elf[flagsOffset..], (ushort)(flags | VersionFlagWeak));
                outcome = Outcome.Patched;
            }
        }

        return outcome;
    }

    private static void ValidateHeader(ReadOnlySpan<byte> elf)
    {
        const int elfClassOffset = 4;
        const int elfDataOffset = 5;
        const byte elfClass64 = 2;
        const byte elfDataLittleEndian = 1;
        if (elf.Length < 0x40 || !elf[..4].SequenceEqual(ElfMagic))
        {
            throw new InvalidDataException("not an ELF file");
        }

        if (elf[elfClassOffset] != elfClass64 || elf[elfDataOffset] != elfDataLittleEndian)
        {
            throw new InvalidDataException("not an ELF64 little-endian file");
        }
    }

    private readonly record struct SectionHeader(uint Type, long Offset, long Size, uint Link);

    private static List<SectionHeader> SectionHeaders(ReadOnlySpan<byte> elf)
    {
        int count = BinaryPrimitives.ReadUInt16LittleEndian(elf[ElfHeaderSectionCount..]);
        var headers = new List<SectionHeader>(count);
        for (var i = 0; i < count; i++)
        {
            headers.Add(SectionHeaderAt(elf, i));
        }

        return headers;
    }

    private static SectionHeader SectionHeaderAt(ReadOnlySpan<byte> elf, int index)
    {
        const int typeOffset = 4;
        const int fileOffsetOffset = 0x18;
        const int sizeOffset = 0x20;
        const int linkOffset = 0x28;
        var table = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(elf[ElfHeaderSectionHeaderOffset..]));
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(elf[ElfHeaderSectionEntrySize..]);
        var start = checked((int)(table + ((long)index * entrySize)));
        var header = Slice(elf, start, entrySize);
        var section = new SectionHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(header[typeOffset..]),
            checked((long)BinaryPrimitives.ReadUInt64LittleEndian(header[fileOffsetOffset..])),
            checked((long)BinaryPrimitives.ReadUInt64LittleEndian(header[sizeOffset..])),
            BinaryPrimitives.ReadUInt32LittleEndian(header[linkOffset..]));
        _ = Slice(elf, section.Offset, section.Size);
        return section;
    }

    private static List<int> VersionAuxFlagOffsets(ReadOnlySpan<byte> elf, SectionHeader needed, SectionHeader strings, string versionName)
    {
        const int needCountOffset = 2;
        const int needAuxOffset = 8;
        const int needNextOffset = 12;
        const int auxFlagsOffset = 4;
        const int auxNameOffset = 8;
        const int auxNextOffset = 12;
        const int recordSize = 16;
        var found = new List<int>();
        var need = checked((int)needed.Offset);
        var end = checked((int)(needed.Offset + needed.Size));
        while (true)
        {
            var entry = Slice(elf, need, recordSize);
            int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(entry[needCountOffset..]);
            var aux = need + checked((int)BinaryPrimitives.ReadUInt32LittleEndian(entry[needAuxOffset..]));
            for (var i = 0; i < auxCount; i++)
            {
                var auxEntry = Slice(elf, aux, recordSize);
                var name = ReadString(elf, strings, BinaryPrimitives.ReadUInt32LittleEndian(auxEntry[auxNameOffset..]));
                if (name == versionName)
                {
                    found.Add(aux + auxFlagsOffset);
                }

                aux += checked((int)BinaryPrimitives.ReadUInt32LittleEndian(auxEntry[auxNextOffset..]));
            }

            var next = BinaryPrimitives.ReadUInt32LittleEndian(entry[needNextOffset..]);
            if (next == 0)
            {
                return found;
            }

            need = checked(need + (int)next);
            if (need >= end)
            {
                throw new InvalidDataException(".gnu.version_r chain runs past its section");
            }
        }
    }

    private static string ReadString(ReadOnlySpan<byte> elf, SectionHeader strings, uint offset)
    {
        var table = Slice(elf, strings.Offset, strings.Size);
        if (offset >= table.Length)
        {
            throw new InvalidDataException("version name outside its string table");
        }

        var rest = table[(int)offset..];
        var length = rest.IndexOf((byte)0);
        if (length < 0)
        {
            throw new InvalidDataException("unterminated version name");
        }

        return Encoding.ASCII.GetString(rest[..length]);
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> elf, long start, long length)
    {
        if (start < 0 || length < 0 || start + length > elf.Length)
        {
            throw new InvalidDataException($"ELF structure at {start} (+{length}) lies outside the file ({elf.Length} bytes)");
        }

        return elf.Slice((int)start, (int)length);
    }
}
