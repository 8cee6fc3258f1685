using System.Diagnostics;
using Interop.Registry.Identity;

namespace Interop.Registry.Quality;

/// <summary>What matching did on a synthetic population, against the truth.</summary>
public sealed record QualityReport
{
    public int People { get; init; }

    public int Records { get; init; }

    /// <summary>Second registrations of a person already registered.</summary>
    public int Duplicates { get; init; }

    /// <summary>Registrations answered "existing".</summary>
    public int AutoLinks { get; init; }

    /// <summary>"Existing" with the SPID of the right person.</summary>
    public int CorrectAutoLinks { get; init; }

    /// <summary>Duplicates answered "existing" with the right SPID.</summary>
    public int DuplicatesAutoLinked { get; init; }

    /// <summary>Duplicates answered "possible duplicate" with the right person among the candidates.</summary>
    public int DuplicatesInReview { get; init; }

    /// <summary>Registrations answered "possible duplicate".</summary>
    public int Reviews { get; init; }

    /// <summary>Duplicates answered "new": missed.</summary>
    public int DuplicatesMissed { get; init; }

    /// <summary>The field levels of each wrong auto-link and of each duplicate sent to review, for tuning.</summary>
    public IReadOnlyList<string> Explanations { get; init; } = [];

    /// <summary>Wall time of all registrations.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Correct auto-links over all auto-links.</summary>
    public double Precision => AutoLinks == 0 ? 1 : (double)CorrectAutoLinks / AutoLinks;

    /// <summary>Duplicates auto-linked to the right person over all duplicates.</summary>
    public double Recall => Duplicates == 0 ? 1 : (double)DuplicatesAutoLinked / Duplicates;

    /// <summary>Duplicates found by auto-link or review over all duplicates.</summary>
    public double RecallWithReview => Duplicates == 0 ? 1 : (double)(DuplicatesAutoLinked + DuplicatesInReview) / Duplicates;

    /// <summary>Reviews that were true duplicates with the right candidate.</summary>
    public double ReviewPrecision => Reviews == 0 ? 1 : (double)DuplicatesInReview / Reviews;
}

/// <summary>Registers a synthetic population through the registry service and scores the answers against the truth.</summary>
public static class QualityRunner
{
    private static string Names(Hl7.Fhir.Model.Patient p) => string.Join("/", p.Name.Select(n => n.Family + "," + string.Join(" ", n.Given)));

    public static async Task<QualityReport> RunAsync(IReadOnlyList<SyntheticRecord> records, RegistryService service, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(service);

        // Who each SPID really is: the person of the record that made it issue.
        var truthOfSpid = new Dictionary<string, int>(StringComparer.Ordinal);
        var (autoLinks, correct, duplicatesLinked, duplicatesReviewed, reviews, missed) = (0, 0, 0, 0, 0, 0);
        var wrong = new List<string>();
        var stopwatch = Stopwatch.StartNew();
        foreach (var record in records)
        {
            var (result, refusal) = await service.RegisterAsync(record.Patient, record.Member, cancellationToken);
            if (refusal is not null || result is null)
            {
                throw new InvalidOperationException($"A synthetic record was refused: {refusal?.Message}");
            }

            switch (result.Outcome)
            {
                case RegistrationOutcome.Existing:
                    autoLinks++;
                    var right = truthOfSpid.TryGetValue(result.Spid, out var person) && person == record.PersonId;
                    correct += right ? 1 : 0;
                    duplicatesLinked += right && record.IsDuplicate ? 1 : 0;
                    if (!right)
                    {
                        wrong.Add("wrong link: " + string.Join(" ", result.Candidates.FirstOrDefault()?.Score.Fields.Select(f => $"{f.Field}={f.Level}") ?? ["?"]) + (record.IsDuplicate ? " (a duplicate, linked to the wrong person)" : " (not a duplicate)"));
                    }

                    break;
                case RegistrationOutcome.PossibleDuplicate:
                    reviews++;
                    truthOfSpid[result.Spid] = record.PersonId;
                    var found = record.IsDuplicate ? result.Candidates.FirstOrDefault(c => truthOfSpid.GetValueOrDefault(c.Spid, -1) == record.PersonId) : null;
                    duplicatesReviewed += found is null ? 0 : 1;
                    if (found is not null)
                    {
                        wrong.Add("duplicate reviewed: " + string.Join(" ", found.Score.Fields.Select(f => $"{f.Field}={f.Level}")) + (found.Certain ? " (by identifier)" : string.Empty) + $" of {result.Candidates.Count}"
                            + (Environment.GetEnvironmentVariable("REGISTRY_QUALITY_EXPLAIN") == "1" ? " " + Names(record.Patient) + " vs " + Names(records.First(r => r.PersonId == record.PersonId).Patient) : string.Empty));
                    }

                    break;
                default:
                    truthOfSpid[result.Spid] = record.PersonId;
                    missed += record.IsDuplicate ? 1 : 0;
                    break;
            }
        }

        return new QualityReport
        {
            People = records.Count(r => !r.IsDuplicate),
            Records = records.Count,
            Duplicates = records.Count(r => r.IsDuplicate),
            AutoLinks = autoLinks,
            CorrectAutoLinks = correct,
            DuplicatesAutoLinked = duplicatesLinked,
            DuplicatesInReview = duplicatesReviewed,
            Reviews = reviews,
            DuplicatesMissed = missed,
            Elapsed = stopwatch.Elapsed,
            Explanations = wrong,
        };
    }
}
