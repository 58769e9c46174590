using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Moq;
using Notifications.Core.Common;

namespace Notifications.Core.Tests.Common;

public sealed class ValidationBehaviorTests
{
    public sealed record Ping(string? Name, int Count) : ICommand<string>;

    private sealed class NameValidator : AbstractValidator<Ping>
    {
        public NameValidator() => RuleFor(p => p.Name).NotEmpty().WithMessage("Name is required.");
    }

    private sealed class CountValidator : AbstractValidator<Ping>
    {
        public CountValidator()
        {
            RuleFor(p => p.Count).GreaterThan(0).WithMessage("Count must be positive.");
            RuleFor(p => p.Count).LessThan(-10).WithMessage("Count must be very negative.");
        }
    }

    private int _nextCalls;

    private ValueTask<string> Next(Ping message, CancellationToken cancellationToken)
    {
        _nextCalls++;
        return ValueTask.FromResult("pong");
    }

    private ValueTask<string> HandleAsync(Ping message, params IValidator<Ping>[] validators) =>
        new ValidationBehavior<Ping, string>(validators).Handle(message, Next, CancellationToken.None);

    [Test]
    public async Task Handle_WithValidMessage_CallsNextAndReturnsItsResponse()
    {
        var response = await HandleAsync(new Ping("ok", 1), new NameValidator());

        Assert.That(response, Is.EqualTo("pong"));
        Assert.That(_nextCalls, Is.EqualTo(1));
    }

    [Test]
    public async Task Handle_WithoutValidators_CallsNext()
    {
        var response = await HandleAsync(new Ping(null, 0));

        Assert.That(response, Is.EqualTo("pong"));
        Assert.That(_nextCalls, Is.EqualTo(1));
    }

    [Test]
    public void Handle_WithInvalidMessage_ThrowsWithAllErrorsAndDoesNotCallNext()
    {
        var exception = Assert.ThrowsAsync<ValidationException>(
            async () => await HandleAsync(new Ping("ok", 0), new CountValidator()));

        Assert.That(
            exception!.Errors.Select(e => (e.PropertyName, e.ErrorMessage)),
            Is.EquivalentTo(new[] { ("Count", "Count must be positive."), ("Count", "Count must be very negative.") }));
        Assert.That(_nextCalls, Is.Zero);
    }

    [Test]
    public void Handle_WithSeveralFailingValidators_ThrowsWithTheErrorsOfEach()
    {
        var exception = Assert.ThrowsAsync<ValidationException>(
            async () => await HandleAsync(new Ping(null, 0), new NameValidator(), new CountValidator()));

        Assert.That(
            exception!.Errors.Select(e => e.ErrorMessage),
            Is.EquivalentTo(new[] { "Name is required.", "Count must be positive.", "Count must be very negative." }));
        Assert.That(_nextCalls, Is.Zero);
    }

    [Test]
    public void Handle_WhenOnlyTheSecondValidatorFails_ThrowsAndDoesNotCallNext()
    {
        var exception = Assert.ThrowsAsync<ValidationException>(
            async () => await HandleAsync(new Ping("ok", 0), new NameValidator(), new CountValidator()));

        Assert.That(exception!.Errors, Has.Count.EqualTo(2));
        Assert.That(_nextCalls, Is.Zero);
    }

    private sealed class ManyFailuresValidator(int count) : AbstractValidator<Ping>
    {
        public override ValidationResult Validate(ValidationContext<Ping> context) =>
            new(Enumerable.Range(0, count).Select(i => new ValidationFailure($"Items[{i}]", "Bad.")));

        public override Task<ValidationResult> ValidateAsync(ValidationContext<Ping> context, CancellationToken cancellation = default) =>
            Task.FromResult(Validate(context));
    }

    [Test]
    public void Handle_WithMoreThanAHundredFailures_ReportsTheFirstHundred()
    {
        var exception = Assert.ThrowsAsync<ValidationException>(
            async () => await HandleAsync(new Ping(null, 1), new NameValidator(), new ManyFailuresValidator(250), new CountValidator()));

        Assert.That(exception!.Errors.Count(), Is.EqualTo(100));
        Assert.That(exception.Errors.First().ErrorMessage, Is.EqualTo("Name is required."));
        Assert.That(exception.Errors.Last().PropertyName, Is.EqualTo("Items[98]"));
    }

    [Test]
    public void Handle_PassesTheCancellationTokenToTheValidators()
    {
        var validator = new Mock<IValidator<Ping>>();
        validator
            .Setup(v => v.ValidateAsync(It.IsAny<Ping>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ValidationResult([new ValidationFailure("Name", "Bad.")]));
        using var cts = new CancellationTokenSource();
        var message = new Ping("x", 1);

        Assert.ThrowsAsync<ValidationException>(async () =>
            await new ValidationBehavior<Ping, string>([validator.Object]).Handle(message, Next, cts.Token));

        validator.Verify(v => v.ValidateAsync(message, cts.Token), Times.Once);
    }
}
