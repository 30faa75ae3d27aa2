using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Orchestrator.Workflows;

/// <summary>
/// The engine's ids. Random bytes come from the operating system's cryptographic generator, fetched 64 ids at a time per
/// thread: <see cref="Guid.NewGuid"/> asks the kernel for 16 bytes on every call — a system call per id, and a burst
/// takes one per activity execution (a tenth of a batch's time in a profile of the persisted benchmark).
/// </summary>
public static class Ids
{
    private const int PerFill = 64;

    [ThreadStatic] private static byte[]? _bytes;
    [ThreadStatic] private static int _used;

    /// <summary>
    /// A row id ordered by creation time: RFC 9562 version 7 — the Unix time in milliseconds in the first 48 bits, then 74
    /// random bits — so its text (how SQLite stores it) and its bytes (PostgreSQL's uuid) sort by time. New instances,
    /// bookmarks and tasks then go to the end of their tables' indexes instead of a random page of each: with random
    /// ids a batch of 128 bursts touched a different index page per row, and every one of those pages was written to
    /// the log at the commit (session 13: a third of the engine's time on SQLite went to that).
    /// </summary>
    public static Guid NewGuid()
    {
        Span<byte> id = stackalloc byte[16];
        NextRandom().CopyTo(id);
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        time[2..].CopyTo(id); // the low 48 bits, big-endian
        id[6] = (byte)((id[6] & 0x0F) | 0x70); // version 7
        id[8] = (byte)((id[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(id, bigEndian: true);
    }

    /// <summary>A random id (version 4, 122 random bits), for what must not be guessed from its neighbours.</summary>
    public static Guid NewRandom()
    {
        Span<byte> id = stackalloc byte[16];
        NextRandom().CopyTo(id);
        id[6] = (byte)((id[6] & 0x0F) | 0x40); // version 4
        id[8] = (byte)((id[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(id, bigEndian: true);
    }

    private static ReadOnlySpan<byte> NextRandom()
    {
        var bytes = _bytes;
        if (bytes is null || _used == PerFill)
        {
            bytes = _bytes ??= new byte[16 * PerFill];
            RandomNumberGenerator.Fill(bytes);
            _used = 0;
        }
        return bytes.AsSpan(16 * _used++, 16);
    }
}
