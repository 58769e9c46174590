using System.Diagnostics;

namespace Notifications.Api.Tests.Http;

/// <summary>
/// The service's Release build (<c>src/Notifications.Api</c>, built with the tests) as a child process, so a test can kill
/// it with SIGKILL: no graceful stop, no finally blocks, exactly what a crashed host leaves behind.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private ServiceProcess(Process process) => _process = process;

    /// <summary>The last lines the service wrote, for a failure message.</summary>
    public string Output
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join('\n', _lastLines);
            }
        }
    }

    /// <summary>Starts the service with <paramref name="settings"/> as environment variables (<c>:</c> becomes <c>__</c>).</summary>
    public static ServiceProcess Start(IDictionary<string, string?> settings)
    {
        var dll = ApiDll();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--contentRoot", Path.GetDirectoryName(dll)! },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var service = new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
        // Drained, or the service blocks on a full pipe.
        service._process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Linux), then waits for the process to be gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGTERM, what an orchestrator sends to stop a container; returns whether the process exited within <paramref name="limit"/>.</summary>
    public bool Terminate(TimeSpan limit)
    {
        if (!_process.HasExited && SendSignal(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed");
        }

        return _process.WaitForExit(limit);
    }

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 50)
            {
                _lastLines.Dequeue();
            }
        }
    }

    /// <summary>src/Notifications.Api's output for the configuration and framework these tests were built with.</summary>
    private static string ApiDll()
    {
        var testOutput = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); // tests/X/bin/{Configuration}/{tfm}
        var repo = testOutput;
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "Notifications.sln")))
        {
            repo = repo.Parent;
        }

        var dll = Path.Combine(
            repo?.FullName ?? throw new InvalidOperationException("Notifications.sln not found above the test output"),
            "src", "Notifications.Api", "bin", testOutput.Parent!.Name, testOutput.Name, "Notifications.Api.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first", dll);
    }
}
