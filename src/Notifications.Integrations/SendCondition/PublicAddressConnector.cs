using System.Net;
using System.Net.Sockets;

namespace Notifications.Integrations.SendCondition;

/// <summary>
/// Thrown from the connect callback when a condition endpoint's host is, or resolves to, an address the SSRF guard
/// does not allow. Its message names the host and the address, never the path or query.
/// </summary>
internal sealed class SendConditionRefusedException(string message) : Exception(message);

/// <summary>
/// The HTTP handler for condition endpoints. It resolves each host itself and connects the socket to exactly the
/// addresses it vetted, so a DNS answer that changes between the check and the connect (DNS rebinding) cannot slip a
/// private address through. Every new connection goes through here, so the addresses of redirect targets are vetted
/// too.
/// </summary>
internal static class PublicAddressConnector
{
    public static SocketsHttpHandler CreateHandler(SendConditionOptions options) => new()
    {
        // Redirects are followed by SendConditionClient, one vetted connection at a time.
        AllowAutoRedirect = false,

        // A proxy would make the connection to the proxy, not to the vetted address.
        UseProxy = false,
        UseCookies = false,

        // Without decompression the 64 KiB read cap is also a cap on what the server can make us inflate.
        AutomaticDecompression = DecompressionMethods.None,

        // Connections are vetted when opened; recycling them keeps a long-lived pool from outliving a DNS change.
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, options.AllowPrivateNetworks, cancellationToken),
    };

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(endPoint.Host, allowPrivateNetworks, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Tries the addresses in order, like the default connect does with a host name.
            await socket.ConnectAsync(addresses, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The addresses <paramref name="host"/> stands for, when all of them may be connected to. One non-public address
    /// refuses the whole host: otherwise a name answering with both a public and a private address could still reach
    /// the private one.
    /// </summary>
    internal static async Task<IPAddress[]> ResolveAsync(string host, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        // Literal addresses are vetted without a DNS query; IPv6 literals may arrive in brackets.
        var literal = host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        var isLiteral = IPAddress.TryParse(literal, out var address);
        var addresses = isLiteral ? [address!] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        if (!allowPrivateNetworks && Array.Find(addresses, a => !AddressClassifier.IsPublic(a)) is { } refused)
        {
            throw new SendConditionRefusedException(isLiteral
                ? $"{refused} is not a public address."
                : $"'{host}' resolves to {refused}, which is not a public address.");
        }

        return addresses;
    }
}
