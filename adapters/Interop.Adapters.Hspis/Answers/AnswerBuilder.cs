using System.Xml.Linq;
using Hl7.Fhir.Model;
using Interop.Adapters.Hspis.Mapping;
using Interop.Adapters.Hspis.Xml;
using Interop.Contracts.Mapping;
using Interop.Contracts.Standards;

namespace Interop.Adapters.Hspis.Answers;

/// <summary>Builds the H-SPIS answers from what the registry and the operators answered.</summary>
internal sealed class AnswerBuilder(ITerminology terminology, FaultCodes faults, HspisOptions options)
{
    public LegacyResponse Member(FhirExchange exchange, XElement? root)
    {
        var nssfId = Normalized(root?.Element(HspisXml.Ns + "Member")?.Element(HspisXml.Ns + "NssfId"));
        using var writer = Start("MemberResponse", exchange, root);
        var outcome = exchange.Outcomes.FirstOrDefault();
        var errors = Errors(outcome);
        if (errors.Count > 0)
        {
            return Refuse(writer, errors).Element("NssfId", nssfId).Finish(200);
        }

        var register = outcome!.AnswerFor("register");
        if (Failure(register, "register") is { } failure)
        {
            return writer.Result(faults.FaultOf(failure.Code), failure.Reason).Element("NssfId", nssfId).Finish(200);
        }

        if (register!.Resource is not Parameters parameters)
        {
            return writer.Result(faults.FaultOf("upstream-invalid-answer"), "The registry answered without Parameters.").Element("NssfId", nssfId).Finish(200);
        }

        var spid = SpidOf(parameters.GetSingle("patient")?.Resource as Patient);
        var outcomeCode = (parameters.GetSingle("outcome")?.Value as Coding)?.Code;
        var match = outcomeCode is null ? null : terminology.Translate("registration-outcome-to-hspis-match", outcomeCode);
        if (match is not { IsMatch: true })
        {
            return writer.Result(faults.FaultOf("upstream-invalid-answer"), "The registry's answer has no registration outcome.").Element("NssfId", nssfId).Finish(200);
        }

        // The registry knows the person; the member's coverage must also have reached the NSSF, or the member is not recorded.
        if (Failure(outcome.AnswerFor("member-submit"), "member-submit") is { } coverageFailure)
        {
            writer.Result(faults.FaultOf(coverageFailure.Code), coverageFailure.Reason);
        }
        else
        {
            writer.Ok();
        }

        return writer.Element("NssfId", nssfId).Element("Spid", spid ?? "").Element("Match", match.Code!).Finish(200);
    }

    public LegacyResponse Eligibility(FhirExchange exchange, XElement? root)
    {
        using var writer = Start("EligibilityResponse", exchange, root);
        var outcome = exchange.Outcomes.FirstOrDefault();
        var errors = Errors(outcome);
        if (errors.Count > 0)
        {
            return Refuse(writer, errors).Element("Eligible", "false").Finish(200);
        }

        var pix = outcome!.AnswerFor("pix-query");
        if (pix is { Status: 404 } || (pix is { IsSuccess: true, Resource: Parameters p } && !p.Parameter.Any(x => x.Name == "targetIdentifier")))
        {
            return writer.Result(faults.FaultOf("unknown-person"), "The person is not known to the registry.").Element("Eligible", "false").Finish(200);
        }

        if (Failure(pix, "pix-query") is { } pixFailure)
        {
            return writer.Result(faults.FaultOf(pixFailure.Code), pixFailure.Reason).Element("Eligible", "false").Finish(200);
        }

        if (pix!.Resource is not Parameters pixAnswer)
        {
            return writer.Result(faults.FaultOf("upstream-invalid-answer"), "The registry answered the cross-reference query without Parameters.").Element("Eligible", "false").Finish(200);
        }

        var linked = pixAnswer.Parameter.Where(x => x.Name == "targetIdentifier").Select(x => x.Value).OfType<Identifier>().ToList();
        var spid = linked.FirstOrDefault(i => i.System == Canon.Spid)?.Value
            ?? Normalized(root?.Element(HspisXml.Ns + "Spid"));

        var schemes = new List<(string Code, string From, string To, bool InForce)>();
        var answered = 0;
        FieldError? lastFailure = null;
        foreach (var answer in outcome.Answers.Where(a => a.Purpose == "eligibility" || a.Purpose.StartsWith("eligibility@", StringComparison.Ordinal)))
        {
            var failure = Failure(answer, "eligibility");
            if (failure is not null || answer.Resource is not CoverageEligibilityResponse response)
            {
                lastFailure = failure ?? new FieldError("", "upstream-invalid-answer", "An operator answered without a CoverageEligibilityResponse.");
                continue;
            }

            answered++;
            var answeringOperator = answer.Purpose.Length > "eligibility@".Length ? answer.Purpose["eligibility@".Length..] : options.NssfOperator;
            foreach (var insurance in response.Insurance)
            {
                var coverage = Contained(response, insurance.Coverage);
                var code = coverage?.Type?.Coding.FirstOrDefault(c => c.System == Canon.SchemeSystem)?.Code ?? SchemeOf(answeringOperator);
                if (code is null || schemes.Any(s => s.Code == code))
                {
                    continue;
                }

                var period = insurance.BenefitPeriod ?? coverage?.Period;
                schemes.Add((code, LegacyValues.LegacyDate(period?.Start), LegacyValues.LegacyDate(period?.End), insurance.Inforce ?? false));
            }
        }

        if (answered == 0 && lastFailure is not null)
        {
            return writer.Result(faults.FaultOf(lastFailure.Code), lastFailure.Reason).Element("Eligible", "false").Finish(200);
        }

        var eligible = schemes.Any(s => s.InForce);
        if (eligible)
        {
            writer.Ok();
        }
        else
        {
            writer.Result(faults.FaultOf("not-covered"), schemes.Count == 0 ? "The person is in no scheme." : "No scheme covers the person on the service date.");
        }

        writer.Element("Eligible", eligible ? "true" : "false");
        foreach (var scheme in schemes)
        {
            writer.Start("Scheme", ("code", scheme.Code), ("from", scheme.From), ("to", scheme.To)).End();
        }

        return writer.Element("Spid", spid ?? "").Finish(200);
    }

    public LegacyResponse ClaimBatch(FhirExchange exchange, XElement? root)
    {
        var claimNumbers = root?.Elements(HspisXml.Ns + "Claim").Select(c => Normalized(c.Element(HspisXml.Ns + "ClaimNo"))).ToList() ?? [];
        var results = new List<(string ClaimNo, string? Reference, IReadOnlyList<FieldError> Errors)>(exchange.Outcomes.Count);
        for (var i = 0; i < exchange.Outcomes.Count; i++)
        {
            var outcome = exchange.Outcomes[i];
            var claimNo = i < claimNumbers.Count ? claimNumbers[i] : "";
            var errors = Errors(outcome);
            if (errors.Count > 0)
            {
                results.Add((claimNo, null, errors));
                continue;
            }

            var failure = Failure(outcome.AnswerFor("encounter-submit"), "encounter-submit") ?? Failure(outcome.AnswerFor("claim-submit"), "claim-submit");
            if (failure is not null)
            {
                results.Add((claimNo, null, [failure with { Path = outcome.Item.Key }]));
                continue;
            }

            var response = outcome.AnswerFor("claim-submit")!.Resource as ClaimResponse;
            if (response is null)
            {
                results.Add((claimNo, null, [new FieldError(outcome.Item.Key, "upstream-invalid-answer", "The NSSF answered without a ClaimResponse.")]));
            }
            else if (response.Outcome == ClaimProcessingCodes.Error)
            {
                var reasons = response.Error.Select(e => e.Code?.Text ?? e.Code?.Coding.FirstOrDefault()?.Display).Where(t => t is not null).ToList();
                results.Add((claimNo, null, [new FieldError(outcome.Item.Key, "invalid-value", response.Disposition ?? (reasons.Count > 0 ? string.Join("; ", reasons) : "The NSSF refused the claim."))]));
            }
            else
            {
                results.Add((claimNo, response.Identifier.FirstOrDefault()?.Value ?? response.Id ?? "", []));
            }
        }

        using var writer = Start("ClaimBatchResponse", exchange, root).Ok();
        writer.Element("Accepted", results.Count(r => r.Errors.Count == 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.Element("Refused", results.Count(r => r.Errors.Count > 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (claimNo, reference, errors) in results)
        {
            if (errors.Count == 0)
            {
                writer.Start("ClaimResult", ("claimNo", claimNo), ("status", "ACCEPTED"), ("reference", reference ?? "")).End();
            }
            else
            {
                writer.Start("ClaimResult", ("claimNo", claimNo), ("status", "REFUSED")).Faults(errors, faults).End();
            }
        }

        return writer.Finish(200);
    }

    public LegacyResponse ClaimStatus(FhirExchange exchange, XElement? root)
    {
        var claimNo = Normalized(root?.Element(HspisXml.Ns + "ClaimNo"));
        using var writer = Start("ClaimStatusResponse", exchange, root);
        var outcome = exchange.Outcomes.FirstOrDefault();
        var errors = Errors(outcome);
        if (errors.Count > 0)
        {
            return Refuse(writer, errors).Element("ClaimNo", claimNo).Finish(200);
        }

        var answer = outcome!.AnswerFor("claim-status");
        if (Failure(answer, "claim-status") is { } failure)
        {
            return writer.Result(faults.FaultOf(failure.Code), failure.Reason).Element("ClaimNo", claimNo).Finish(200);
        }

        if (answer!.Resource is not Bundle bundle)
        {
            return writer.Result(faults.FaultOf("upstream-invalid-answer"), "The NSSF answered the status query without a Bundle.").Element("ClaimNo", claimNo).Finish(200);
        }

        var latest = bundle.Entry.Select(e => e.Resource).OfType<ClaimResponse>()
            .OrderByDescending(r => r.Created, StringComparer.Ordinal).FirstOrDefault();
        if (latest is null)
        {
            return writer.Result(faults.FaultOf("invalid-value"), "The NSSF knows no claim with this ClaimNo.").Element("ClaimNo", claimNo).Finish(200);
        }

        var status = latest.Payment?.Date is not null ? "paid"
            : latest.Outcome switch
            {
                ClaimProcessingCodes.Error => "refused",
                ClaimProcessingCodes.Complete or ClaimProcessingCodes.Partial => "assessed",
                _ => "received",
            };
        var legacy = terminology.Translate("claim-status-to-hspis-claim-status", status);
        var assessed = latest.Total.FirstOrDefault(t => t.Category?.Coding.Any(c => c.Code == "benefit") == true) ?? latest.Total.FirstOrDefault();
        writer.Ok().Element("ClaimNo", claimNo).Element("Status", legacy.Code ?? "RECEIVED");
        writer.Start("AssessedAmount", ("currency", assessed?.Amount?.Currency?.ToString() ?? "KHR"));
        if (assessed?.Amount?.Value is { } amount && status is "assessed" or "paid")
        {
            writer.Text(LegacyValues.LegacyAmount(amount));
        }

        writer.End();
        return writer.Element("PaidDate", LegacyValues.LegacyDate(latest.Payment?.Date)).Finish(200);
    }

    private HspisWriter Start(string root, FhirExchange exchange, XElement? request) =>
        new HspisWriter(root).Header(options.ResponseSenderCode, HspisMessage.MessageIdOf(request), exchange.Request.ReceivedAt);

    private HspisWriter Refuse(HspisWriter writer, IReadOnlyList<FieldError> errors) =>
        writer.Result(faults.FaultOf(errors[0].Code), errors[0].Reason).Faults(errors, faults);

    private static List<FieldError> Errors(ItemOutcome? outcome) =>
        outcome is null ? [new FieldError("", "internal-error", "The message produced no outcome.")] : [.. outcome.Item.Errors, .. outcome.Errors];

    /// <summary>Why an answer cannot be used, in gateway-error terms; <see langword="null"/> when it can.</summary>
    private static FieldError? Failure(FhirAnswer? answer, string purpose)
    {
        if (answer is null)
        {
            return new FieldError("", "upstream-unavailable", $"The {purpose} interaction was not answered; retry later, nothing was lost.");
        }

        if (answer.IsSuccess && answer.Resource is not OperationOutcome)
        {
            return null;
        }

        return answer.Status switch
        {
            0 or 502 or 503 => new FieldError("", "upstream-unavailable", $"The upstream of {purpose} could not be reached; retry later, nothing was lost."),
            504 => new FieldError("", "upstream-timeout", $"The upstream of {purpose} did not answer in time; retry later, nothing was lost."),
            _ => new FieldError("", "upstream-invalid-answer", $"The upstream of {purpose} answered {answer.Status}{Diagnostics(answer.Resource)}."),
        };
    }

    private static string Diagnostics(Resource? resource) =>
        resource is OperationOutcome { Issue: [var first, ..] } && (first.Diagnostics ?? first.Details?.Text) is { } text ? ": " + text : "";

    private string? SchemeOf(string operatorId) =>
        terminology.Concepts("scheme").FirstOrDefault(c => c.Properties.TryGetValue("operator", out var op) && op == operatorId)?.Code;

    private static Coverage? Contained(CoverageEligibilityResponse response, ResourceReference? reference) =>
        reference?.Reference is { Length: > 1 } local && local[0] == '#'
            ? response.Contained.OfType<Coverage>().FirstOrDefault(c => c.Id == local[1..])
            : null;

    private static string? SpidOf(Patient? patient) => patient?.Identifier.FirstOrDefault(i => i.System == Canon.Spid)?.Value;

    private static string Normalized(XElement? element) =>
        element is null ? "" : LegacyValues.Identifier(element.Value.Trim());
}
