using Notifications.Core.Domain;

namespace Notifications.Core.Tests.Domain;

public sealed class OrderProcessingStatusTests
{
    [Test]
    public void Public_WithProcessed_ReadsAsProcessing()
    {
        Assert.That(OrderProcessingStatus.Processed.Public(), Is.EqualTo(OrderProcessingStatus.Processing));
    }

    [TestCase(OrderProcessingStatus.Registered)]
    [TestCase(OrderProcessingStatus.Processing)]
    [TestCase(OrderProcessingStatus.Completed)]
    [TestCase(OrderProcessingStatus.SendConditionNotMet)]
    [TestCase(OrderProcessingStatus.Cancelled)]
    public void Public_WithAnyOtherStatus_IsUnchanged(OrderProcessingStatus status)
    {
        Assert.That(status.Public(), Is.EqualTo(status));
    }

    [Test]
    public void Description_OfEveryStatus_IsOneDistinctSentence()
    {
        var publicStatuses = Enum.GetValues<OrderProcessingStatus>().Where(s => s.Public() == s).ToList();
        var descriptions = publicStatuses.Select(s => s.Description()).ToList();

        Assert.That(descriptions, Is.Unique);
        Assert.That(descriptions, Has.All.EndWith("."));
        Assert.That(descriptions, Has.None.Contains("unknown"));
        Assert.That(OrderProcessingStatus.Processed.Description(), Is.EqualTo(OrderProcessingStatus.Processing.Description()));
    }
}
