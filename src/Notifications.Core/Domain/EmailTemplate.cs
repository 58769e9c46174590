namespace Notifications.Core.Domain;

public sealed record EmailTemplate(string FromAddress, string Subject, string Body, EmailContentType ContentType);

public enum EmailContentType
{
    Plain,
    Html,
}
