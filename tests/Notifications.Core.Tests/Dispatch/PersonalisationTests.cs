using Notifications.Core.Dispatch;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using static Notifications.Core.Tests.Dispatch.DispatchData;

namespace Notifications.Core.Tests.Dispatch;

public sealed class PersonalisationTests
{
    private const string OrgNumber = "310000001";

    private static OutgoingEmail Personalise(
        string subject, string body, EmailContentType contentType = EmailContentType.Plain, string? name = null, string? orgNumber = null) =>
        Personalisation.Personalise(EmailClaim(
            recipientName: name,
            organizationNumber: orgNumber,
            template: new EmailTemplate("noreply@notifications.local", subject, body, contentType)));

    [Test]
    public void Personalise_ForAPerson_FillsTheNameAndLeavesTheNumberEmpty()
    {
        var email = Personalise("Hei $recipientName$ [$recipientNumber$]", "Kjære $recipientName$, nr. [$recipientNumber$]", name: "Ola Nordmann");

        Assert.That(email.Subject, Is.EqualTo("Hei Ola Nordmann []"));
        Assert.That(email.Body, Is.EqualTo("Kjære Ola Nordmann, nr. []"));
    }

    [Test]
    public void Personalise_ForAnOrganisation_FillsTheNameAndTheOrganisationNumber()
    {
        var email = Personalise("$recipientName$ ($recipientNumber$)", "Til $recipientName$, org.nr. $recipientNumber$", name: "Bedrift AS", orgNumber: OrgNumber);

        Assert.That(email.Subject, Is.EqualTo("Bedrift AS (310000001)"));
        Assert.That(email.Body, Is.EqualTo("Til Bedrift AS, org.nr. 310000001"));
    }

    [TestCase(EmailContentType.Plain)]
    [TestCase(EmailContentType.Html)]
    public void Personalise_ForARawEmailRecipient_ReplacesBothKeywordsWithNothing(EmailContentType contentType)
    {
        var email = Personalise("Hei $recipientName$[$recipientNumber$]", "Hei $recipientName$[$recipientNumber$]", contentType);

        Assert.That(email.Subject, Is.EqualTo("Hei []"));
        Assert.That(email.Body, Is.EqualTo("Hei []"));
    }

    [Test]
    public void Personalise_CarriesTheClaimsIdsAddressesAndContentType()
    {
        var template = new EmailTemplate("sender@example.com", "S", "B", EmailContentType.Html);
        var claim = EmailClaim(address: "to@example.com", recipientName: "Ola", template: template);

        var email = Personalisation.Personalise(claim);

        Assert.That(email.NotificationId, Is.EqualTo(claim.NotificationId));
        Assert.That(email.FromAddress, Is.EqualTo("sender@example.com"));
        Assert.That(email.ToAddress, Is.EqualTo("to@example.com"));
        Assert.That(email.ToName, Is.EqualTo("Ola"));
        Assert.That(email.ContentType, Is.EqualTo(EmailContentType.Html));
    }

    [TestCase("&", "&amp;")]
    [TestCase("<", "&lt;")]
    [TestCase(">", "&gt;")]
    [TestCase("\"", "&quot;")]
    [TestCase("'", "&#39;")]
    public void Body_Html_EncodesEachSpecialCharacterInTheName(string character, string encoded)
    {
        var body = Personalisation.Body("<p>$recipientName$</p>", EmailContentType.Html, $"a{character}b", null);

        Assert.That(body, Is.EqualTo($"<p>a{encoded}b</p>"));
    }

    [Test]
    public void Body_Html_EncodesTheOrganisationNumberToo()
    {
        var body = Personalisation.Body("<p>$recipientNumber$</p>", EmailContentType.Html, null, "<1&2>");

        Assert.That(body, Is.EqualTo("<p>&lt;1&amp;2&gt;</p>"));
    }

    [Test]
    public void Body_Html_EncodesAWholeMarkupInjection()
    {
        var body = Personalisation.Body("<p>Hei $recipientName$</p>", EmailContentType.Html, "<script>alert(\"x\")</script> & 'co'", null);

        Assert.That(body, Is.EqualTo("<p>Hei &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>"));
    }

    [Test]
    public void Body_Html_KeepsNorwegianLettersAsTheyAre()
    {
        var body = Personalisation.Body("<p>$recipientName$</p>", EmailContentType.Html, "Blåbær & Ørret ÆØÅ", null);

        Assert.That(body, Is.EqualTo("<p>Blåbær &amp; Ørret ÆØÅ</p>"));
    }

    [Test]
    public void Body_Html_LeavesTheTemplatesOwnMarkupAlone()
    {
        var template = "<a href=\"https://example.com/?a=1&b=2\">Hei $recipientName$</a> © 'x'";

        var body = Personalisation.Body(template, EmailContentType.Html, "Ola", null);

        Assert.That(body, Is.EqualTo("<a href=\"https://example.com/?a=1&b=2\">Hei Ola</a> © 'x'"));
    }

    [Test]
    public void Body_Plain_DoesNotEncodeTheName()
    {
        var name = "<b>\"Tom\" & 'Jerry'</b>";

        var body = Personalisation.Body("Hei $recipientName$", EmailContentType.Plain, name, null);

        Assert.That(body, Is.EqualTo("Hei " + name));
    }

    [Test]
    public void Body_KeepsLineBreaks()
    {
        var body = Personalisation.Body("Hei $recipientName$\r\nLinje 2\nLinje 3", EmailContentType.Plain, "Ola", null);

        Assert.That(body, Is.EqualTo("Hei Ola\r\nLinje 2\nLinje 3"));
    }

    [TestCase(EmailContentType.Plain)]
    [TestCase(EmailContentType.Html)]
    public void Personalise_NeverEncodesTheSubject(EmailContentType contentType)
    {
        var email = Personalise("Til $recipientName$ & <co>", "Body", contentType, name: "Tom & \"Jerry\" <x> 'y'");

        Assert.That(email.Subject, Is.EqualTo("Til Tom & \"Jerry\" <x> 'y' & <co>"));
    }

    [TestCase("Linje 1\r\nLinje 2", "Linje 1 Linje 2")]
    [TestCase("Linje 1\rLinje 2", "Linje 1 Linje 2")]
    [TestCase("Linje 1\nLinje 2", "Linje 1 Linje 2")]
    [TestCase("a\r\n\r\nb", "a  b")]
    [TestCase("a\n\rb", "a  b")]
    [TestCase("\r\nstart og slutt\n", " start og slutt ")]
    public void Subject_TurnsEachLineBreakInTheTemplateIntoOneSpace(string subject, string expected)
    {
        Assert.That(Personalisation.Subject(subject, null, null), Is.EqualTo(expected));
    }

    [TestCase("Ola\r\nNordmann")]
    [TestCase("Ola\rNordmann")]
    [TestCase("Ola\nNordmann")]
    public void Subject_TurnsLineBreaksInTheSubstitutedNameIntoOneSpace(string name)
    {
        Assert.That(Personalisation.Subject("Hei $recipientName$!", name, null), Is.EqualTo("Hei Ola Nordmann!"));
    }

    [Test]
    public void Subject_CannotBeUsedForHeaderInjection()
    {
        var subject = Personalisation.Subject("Hei $recipientName$", "Ola\r\nBcc: victim@example.com", null);

        Assert.That(subject, Does.Not.Contain("\r").And.Not.Contain("\n"));
        Assert.That(subject, Is.EqualTo("Hei Ola Bcc: victim@example.com"));
    }

    [TestCase("$RecipientName$")]
    [TestCase("$recipientname$")]
    [TestCase("$RECIPIENTNAME$")]
    [TestCase("$RecipientNumber$")]
    [TestCase("$recipientnumber$")]
    [TestCase("recipientName")]
    [TestCase("$recipientName")]
    [TestCase("recipientName$")]
    public void Personalise_LeavesKeywordsWithOtherSpellingsUntouched(string text)
    {
        var email = Personalise(text, text, name: "Ola", orgNumber: OrgNumber);

        Assert.That(email.Subject, Is.EqualTo(text));
        Assert.That(email.Body, Is.EqualTo(text));
    }

    [TestCase(EmailContentType.Plain)]
    [TestCase(EmailContentType.Html)]
    public void Personalise_WithoutDollarSigns_ReturnsTheTextAsItIs(EmailContentType contentType)
    {
        const string text = "Plain text with <b>markup</b> & 'quotes', æøå.";

        var email = Personalise(text, text, contentType, name: "Ola & Kari", orgNumber: OrgNumber);

        Assert.That(email.Subject, Is.EqualTo(text));
        Assert.That(email.Body, Is.EqualTo(text));
    }

    [Test]
    public void Personalise_ReplacesEveryOccurrence()
    {
        const string text = "$recipientName$/$recipientName$ $recipientNumber$-$recipientNumber$$recipientName$";

        var email = Personalise(text, text, name: "Ola", orgNumber: OrgNumber);

        Assert.That(email.Subject, Is.EqualTo("Ola/Ola 310000001-310000001Ola"));
        Assert.That(email.Body, Is.EqualTo("Ola/Ola 310000001-310000001Ola"));
    }

    [Test]
    public void Personalise_KeepsDollarSignsThatAreNotKeywords()
    {
        const string text = "Pris $5 for $recipientName$ $ $$";

        var email = Personalise(text, text, name: "Ola");

        Assert.That(email.Subject, Is.EqualTo("Pris $5 for Ola $ $$"));
        Assert.That(email.Body, Is.EqualTo("Pris $5 for Ola $ $$"));
    }

    [TestCase(EmailContentType.Plain)]
    [TestCase(EmailContentType.Html)]
    public void Personalise_DoesNotSubstituteInsideASubstitutedName(EmailContentType contentType)
    {
        // A name is data, not template: a keyword inside it stays as written.
        var email = Personalise("$recipientName$", "$recipientName$", contentType, name: "Ola $recipientNumber$", orgNumber: OrgNumber);

        Assert.That(email.Subject, Is.EqualTo("Ola $recipientNumber$"));
        Assert.That(email.Body, Is.EqualTo("Ola $recipientNumber$"));
    }

    [Test]
    public void HtmlEncode_WithoutSpecialCharacters_ReturnsTheSameString()
    {
        const string value = "Blåbær AS";

        Assert.That(Personalisation.HtmlEncode(value), Is.SameAs(value));
    }

    [TestCase(1, false)]
    [TestCase(2, true)]
    [TestCase(5, true)]
    public void Personalise_OfAClaimTakenBefore_SaysTheEmailMayHaveBeenSent(int attempts, bool mayHaveBeenSent) =>
        // Without it, ACS would get a second POST for an email an earlier (crashed, timed-out) attempt already sent.
        Assert.That(Personalisation.Personalise(EmailClaim(attempts: attempts)).MayHaveBeenSent, Is.EqualTo(mayHaveBeenSent));
}
