using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MimeKit;

namespace Notifications.Testing.Email;

/// <summary>A message as the sink received it: the SMTP envelope, the connection it came on, and the parsed content.</summary>
public sealed record ReceivedEmail(string MailFrom, IReadOnlyList<string> RcptTos, int Connection, bool Authenticated, MimeMessage Message, byte[] Raw);

/// <summary>
/// A real SMTP server for the tests: <c>smtp_sink.py</c> (aiosmtpd) as a subprocess on a loopback port, writing what it
/// receives to a temporary directory. Needs Debian's <c>python3-aiosmtpd</c> for <c>/usr/bin/python3</c>
/// (override with <c>SMTP_SINK_PYTHON</c>).
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Email", "smtp_sink.py");
    private readonly Process _process;
    private readonly StringBuilder _output;
    private int _probeConnections;

    private SmtpSink(Process process, StringBuilder output, int port, string directory)
    {
        _process = process;
        _output = output;
        Port = port;
        Directory = directory;
    }

    public int Port { get; }

    public string Directory { get; }

    /// <summary>Connections the server has accepted so far (not counting the readiness probe).</summary>
    public int ConnectionsOpened => CountLog("open ") - _probeConnections;

    /// <summary>Connections closed so far (not counting the readiness probe).</summary>
    public int ConnectionsClosed => CountLog("close ") - _probeConnections;

    /// <summary>Starts a sink on <paramref name="port"/> (a free one when not given) and waits until it accepts connections.</summary>
    public static async Task<SmtpSink> StartAsync(
        int? port = null, string? directory = null, double? idleTimeoutSeconds = null, string? auth = null, double? dataDelaySeconds = null)
    {
        var python = Environment.GetEnvironmentVariable("SMTP_SINK_PYTHON") ?? "/usr/bin/python3";
        var chosenPort = port ?? FreePort();
        directory ??= Path.Combine(Path.GetTempPath(), $"smtp-sink-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Script, "--port", chosenPort.ToString(), "--dir", directory })
        {
            start.ArgumentList.Add(argument);
        }

        if (idleTimeoutSeconds is { } idle)
        {
            start.ArgumentList.Add("--idle-timeout");
            start.ArgumentList.Add(idle.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (dataDelaySeconds is { } delay)
        {
            start.ArgumentList.Add("--data-delay");
            start.ArgumentList.Add(delay.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (auth is not null)
        {
            start.ArgumentList.Add("--auth");
            start.ArgumentList.Add(auth);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"Cannot start {python} for the SMTP sink ({e.Message}). Install python3 and python3-aiosmtpd.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var sink = new SmtpSink(process, output, chosenPort, directory);
        await sink.WaitUntilListeningAsync(TimeSpan.FromSeconds(20));
        return sink;
    }

    /// <summary>A loopback port nobody listens on (at the moment of asking).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The messages received so far, in order.</summary>
    public IReadOnlyList<ReceivedEmail> Messages()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return System.IO.Directory.GetFiles(Directory, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(json =>
            {
                using var meta = JsonDocument.Parse(File.ReadAllBytes(json));
                var raw = File.ReadAllBytes(Path.ChangeExtension(json, ".eml"));
                var root = meta.RootElement;
                return new ReceivedEmail(
                    root.GetProperty("mailFrom").GetString()!,
                    root.GetProperty("rcptTos").EnumerateArray().Select(r => r.GetString()!).ToList(),
                    root.GetProperty("connection").GetInt32(),
                    root.GetProperty("authenticated").GetBoolean(),
                    MimeMessage.Load(new MemoryStream(raw)),
                    raw);
            })
            .ToList();
    }

    /// <summary>Waits (briefly) until the server has closed <paramref name="count"/> connections.</summary>
    public Task WaitForClosedConnectionsAsync(int count) =>
        WaitUntilAsync(() => ConnectionsClosed >= count, DateTime.UtcNow.AddSeconds(10), () => $"The sink closed {ConnectionsClosed} of {count} connections.");

    /// <summary>Stops the server (its open connections drop with it) but keeps what it received.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private int CountLog(string prefix)
    {
        var path = Path.Combine(Directory, "connections.log");
        return File.Exists(path) ? File.ReadAllLines(path).Count(l => l.StartsWith(prefix, StringComparison.Ordinal)) : 0;
    }

    private async Task WaitUntilListeningAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (_process.HasExited)
            {
                string output;
                lock (_output)
                {
                    output = _output.ToString();
                }

                Assert.Fail($"The SMTP sink exited with code {_process.ExitCode} (is python3-aiosmtpd installed for /usr/bin/python3?):\n{output}");
            }

            try
            {
                using (var probe = new TcpClient())
                {
                    await probe.ConnectAsync(IPAddress.Loopback, Port);
                }

                // The probe is a connection too: wait until the sink has logged its end, then leave it out of the counts.
                await WaitUntilAsync(() => CountLog("close ") >= 1, deadline, () => "The SMTP sink did not log the readiness probe.");
                _probeConnections = 1;
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50); // not listening yet: try again until the deadline
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, DateTime deadline, Func<string> describe)
    {
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), describe);
            await Task.Delay(20); // the poll interval of the sink's log, which it writes as connections come and go
        }
    }
}
