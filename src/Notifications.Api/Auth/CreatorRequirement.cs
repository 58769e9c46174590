using Microsoft.AspNetCore.Authorization;

namespace Notifications.Api.Auth;

/// <summary>Met when the caller's tokens name a creator organisation (see <see cref="CreatorClaims.GetCreator"/>).</summary>
public sealed class CreatorRequirement : AuthorizationHandler<CreatorRequirement>, IAuthorizationRequirement
{
    public const string PolicyName = "NotificationsCreator";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CreatorRequirement requirement)
    {
        if (context.User.GetCreator() is not null)
        {
            context.Succeed(requirement);
        }
        else
        {
            // The reason becomes the 403's detail (RefusalProblemDetails).
            context.Fail(new AuthorizationFailureReason(this, context.User.MissingCreatorReason()));
        }

        return Task.CompletedTask;
    }
}
