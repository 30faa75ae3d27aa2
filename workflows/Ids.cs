using System.Security.Cryptography;

namespace Orchestrator.Workflows;

/// <summary>
/// Random (version 4) GUIDs from the operating system's cryptographic generator, fetched 64 at a time per thread.
/// <see cref="Guid.NewGuid"/> asks the kernel for 16 bytes on every call — a system call per id, and a burst takes
/// one per activity execution: a tenth of a batch's time in a profile of the persisted benchmark. Same source, same
/// randomness, one system call per 64 ids.
/// </summary>
public static class Ids
{
    private const int PerFill = 64;

    [ThreadStatic] private static byte[]? _bytes;
    [ThreadStatic] private static int _used;

    public static Guid NewGuid()
    {
        var bytes = _bytes;
        if (bytes is null || _used == PerFill)
        {
            bytes = _bytes ??= new byte[16 * PerFill];
            RandomNumberGenerator.Fill(bytes);
            _used = 0;
        }
        var id = bytes.AsSpan(16 * _used++, 16);
        id[7] = (byte)((id[7] & 0x0F) | 0x40); // version 4 (the high nibble of the third field, stored little-endian)
        id[8] = (byte)((id[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(id);
    }
}
