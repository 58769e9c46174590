using System.Globalization;

namespace Notifications.Bench;

/// <summary><c>--name value</c> pairs and bare <c>--flag</c>s.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    public static Options Parse(IEnumerable<string> args)
    {
        var options = new Options();
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                name = arg[2..];
                options._values[name] = null;
            }
            else if (name is not null)
            {
                options._values[name] = arg;
                name = null;
            }
            else
            {
                throw new ArgumentException($"unexpected argument {arg}");
            }
        }

        return options;
    }

    public bool Flag(string name) => _values.ContainsKey(name);

    public string Text(string name, string? fallback = null) =>
        _values.GetValueOrDefault(name) ?? fallback ?? throw new ArgumentException($"--{name} is required");

    public int Int(string name, int? fallback = null) =>
        _values.GetValueOrDefault(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture)
        : fallback ?? throw new ArgumentException($"--{name} is required");

    public double Double(string name, double? fallback = null) =>
        _values.GetValueOrDefault(name) is { } value ? double.Parse(value, CultureInfo.InvariantCulture)
        : fallback ?? throw new ArgumentException($"--{name} is required");
}
