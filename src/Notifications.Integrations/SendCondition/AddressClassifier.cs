using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Notifications.Integrations.SendCondition;

/// <summary>
/// Tells addresses on the public internet from loopback, private, link-local, cloud-metadata, documentation and other
/// special-purpose addresses: the SSRF guard for condition endpoints only lets the former through.
/// </summary>
/// <remarks>
/// IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64 <c>64:ff9b::/96</c>, 6to4
/// <c>2002::/16</c>) are judged by that IPv4 address, because that is where the packets end up.
/// </remarks>
public static class AddressClassifier
{
    // (network, prefix length) as big-endian integers; small enough that a linear scan beats anything cleverer.
    private static readonly (uint Network, int Prefix)[] NonPublicV4 =
    [
        (V4(0, 0, 0, 0), 8),          // "this network"
        (V4(10, 0, 0, 0), 8),         // private
        (V4(100, 64, 0, 0), 10),      // carrier-grade NAT
        (V4(127, 0, 0, 0), 8),        // loopback
        (V4(169, 254, 0, 0), 16),     // link-local, incl. the 169.254.169.254 metadata service
        (V4(172, 16, 0, 0), 12),      // private
        (V4(192, 0, 0, 0), 24),       // IETF protocol assignments
        (V4(192, 0, 2, 0), 24),       // TEST-NET-1
        (V4(192, 168, 0, 0), 16),     // private
        (V4(198, 18, 0, 0), 15),      // benchmarking
        (V4(198, 51, 100, 0), 24),    // TEST-NET-2
        (V4(203, 0, 113, 0), 24),     // TEST-NET-3
        (V4(224, 0, 0, 0), 4),        // multicast
        (V4(240, 0, 0, 0), 4),        // reserved, incl. the 255.255.255.255 broadcast
    ];

    /// <summary>True when <paramref name="address"/> is an ordinary unicast address on the public internet.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes())),
            AddressFamily.InterNetworkV6 => IsPublicV6(address.GetAddressBytes()),
            _ => false,
        };
    }

    private static bool IsPublicV4(uint address)
    {
        foreach (var (network, prefix) in NonPublicV4)
        {
            var mask = uint.MaxValue << (32 - prefix);
            if ((address & mask) == network)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPublicV6(byte[] b)
    {
        var embedded = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(12));

        // ::/96 holds :: and ::1 (whose embedded 0.0.0.0 and 0.0.0.1 are in 0/8) and the deprecated IPv4-compatible form.
        if (AllZero(b, 0, 12))
        {
            return IsPublicV4(embedded);
        }

        // ::ffff:0:0/96 IPv4-mapped, and ::ffff:0:0:0/96 IPv4-translated (RFC 2765): both are the embedded IPv4 host.
        if (AllZero(b, 0, 10) && b[10] == 0xFF && b[11] == 0xFF)
        {
            return IsPublicV4(embedded);
        }

        if (AllZero(b, 0, 8) && b[8] == 0xFF && b[9] == 0xFF && b[10] == 0 && b[11] == 0)
        {
            return IsPublicV4(embedded);
        }

        // 64:ff9b::/96 well-known NAT64 prefix: the translator forwards to the embedded IPv4 address.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && AllZero(b, 4, 8))
        {
            return IsPublicV4(embedded);
        }

        // 64:ff9b:1::/48 local-use NAT64 (RFC 8215): where the IPv4 address sits depends on the operator's prefix
        // length, so it cannot be judged; it only exists inside one network anyway.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4] == 0x00 && b[5] == 0x01)
        {
            return false;
        }

        // 2002::/16 6to4: bits 16-47 are the IPv4 address of the relay the packets are sent to.
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsPublicV4(BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(2)));
        }

        return !(
            (b[0] & 0xFE) == 0xFC                                          // fc00::/7 unique local, incl. fd00:ec2::254 metadata
            || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)                     // fe80::/10 link-local
            || (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)                     // fec0::/10 site-local (deprecated, never global)
            || b[0] == 0xFF                                                // ff00::/8 multicast
            || (b[0] == 0x01 && b[1] == 0x00 && AllZero(b, 2, 6))          // 100::/64 discard-only
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)); // 2001:db8::/32 documentation
    }

    private static bool AllZero(byte[] bytes, int start, int count) => bytes.AsSpan(start, count).IndexOfAnyExcept((byte)0) < 0;

    private static uint V4(byte a, byte b, byte c, byte d) => (uint)(a << 24 | b << 16 | c << 8 | d);
}
