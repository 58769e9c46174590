using System.Buffers;
using FluentValidation;

namespace Notifications.Core.Common;

/// <summary>
/// C0 control characters (U+0000–U+001F) in client text (docs/architecture.md#hardening): PostgreSQL refuses
/// NUL outright, and the others have no business in a subject, a reference or a header. A body may keep the
/// whitespace ones (TAB, CR, LF) that plain text is made of.
/// </summary>
public static class ControlCharacters
{
    private static readonly SearchValues<char> NotInText = SearchValues.Create(
        Enumerable.Range(0, 0x20).Select(c => (char)c).Where(c => c is not ('\t' or '\r' or '\n')).ToArray());

    /// <summary>Whether <paramref name="value"/> has any C0 control character.</summary>
    public static bool Any(string? value) => value is not null && value.AsSpan().IndexOfAnyInRange('\0', '\x1F') >= 0;

    /// <summary>Whether <paramref name="value"/> has a C0 control character other than TAB, CR and LF.</summary>
    public static bool AnyBesidesLineBreaksAndTabs(string? value) => value is not null && value.AsSpan().IndexOfAny(NotInText) >= 0;

    /// <summary>"The {field} must not contain control characters." for any C0 control character.</summary>
    public static IRuleBuilderOptions<T, string?> NoControlCharacters<T>(this IRuleBuilder<T, string?> rule, string field) =>
        rule.Must(v => !Any(v)).WithMessage(MessageFor(field));

    public static string MessageFor(string field) => $"The {field} must not contain control characters.";
}
