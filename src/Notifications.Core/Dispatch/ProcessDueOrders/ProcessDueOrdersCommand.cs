using Mediator;

namespace Notifications.Core.Dispatch.ProcessDueOrders;

/// <summary>Claims due orders and fans each out into email notifications, until none is due.</summary>
public sealed record ProcessDueOrdersCommand : ICommand<int>;
