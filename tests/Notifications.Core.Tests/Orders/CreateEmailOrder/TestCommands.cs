using FluentValidation.Results;
using Notifications.Core.Orders.CreateEmailOrder;

namespace Notifications.Core.Tests.Orders.CreateEmailOrder;

internal static class TestCommands
{
    public const string Creator = "ttd";

    /// <summary>A request that passes every rule; tests change one thing with <c>with</c>.</summary>
    public static CreateEmailOrderCommand Valid(params RecipientInput?[] recipients) =>
        new(Creator, "Subject", "Body", recipients.Length > 0 ? recipients : [new RecipientInput(EmailAddress: "user@example.com")]);

    public static RecipientInput Email(string address) => new(EmailAddress: address);

    public static RecipientInput Nin(string nin) => new(NationalIdentityNumber: nin);

    public static RecipientInput Org(string organizationNumber) => new(OrganizationNumber: organizationNumber);

    /// <summary>Every failure as (key, message), so a test can assert that nothing else was reported.</summary>
    public static IReadOnlyList<(string Key, string Message)> Errors(this ValidationResult result) =>
        result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)).ToList();
}
