using Mediator;

namespace Notifications.Core.Dispatch.SendEmails;

/// <summary>Claims New emails and hands them to the provider, until none is ready.</summary>
public sealed record SendEmailsCommand : ICommand<int>;
