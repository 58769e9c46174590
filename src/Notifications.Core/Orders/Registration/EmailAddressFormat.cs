using System.Text.RegularExpressions;

namespace Notifications.Core.Orders.Registration;

/// <summary>
/// An RFC 5322-ish address check: a dot-atom or quoted local part, then a domain of labels (≤ 63 characters,
/// no leading or trailing hyphen) ending in an alphabetic top-level domain. Norwegian letters are allowed.
/// </summary>
public static partial class EmailAddressFormat
{
    public const int MaxLength = 254;

    public static bool IsValid(string address) =>
        address.Length <= MaxLength && Pattern().IsMatch(address);

    [GeneratedRegex("""
        ^(?:
            [a-zA-Z0-9æøåÆØÅ!\#$%&'*+/=?^_`{|}~-]+(?:\.[a-zA-Z0-9æøåÆØÅ!\#$%&'*+/=?^_`{|}~-]+)*
          | "(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"
        )
        @
        (?:[a-zA-Z0-9æøåÆØÅ](?:[a-zA-Z0-9æøåÆØÅ-]{0,61}[a-zA-Z0-9æøåÆØÅ])?\.)+
        [a-zA-ZæøåÆØÅ]{2,63}\z
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
