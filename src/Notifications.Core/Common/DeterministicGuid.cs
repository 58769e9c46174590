using System.Security.Cryptography;
using System.Text;

namespace Notifications.Core.Common;

/// <summary>
/// Name-based UUIDs, version 5 (RFC 4122 §4.3, SHA-1): the same namespace and name always give the same id, so an id can
/// be derived again from what a retried request holds instead of being stored before the work it names.
/// </summary>
public static class DeterministicGuid
{
    /// <summary>The namespace of every id this service derives (a random v4 UUID, fixed once).</summary>
    public static readonly Guid Namespace = new("6f1c2d0e-5a4b-4e7f-9c3d-2b8a1e0f4d6c");

    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "RFC 4122 version 5 is defined with SHA-1; it names ids, it protects nothing.")]
    public static Guid Create(Guid namespaceId, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        // The RFC hashes the namespace in network byte order.
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);

        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
