namespace Interop.Adapters.Pmrs.Visits;

/// <summary>A PMRS patient, checked and normalized.</summary>
internal sealed record PatientData
{
    public required string Code { get; init; }

    public required string Surname { get; init; }

    public required string Name { get; init; }

    public string? LatinSurname { get; init; }

    public string? LatinName { get; init; }

    public required string Gender { get; init; }

    /// <summary>FHIR birthDate: <c>YYYY-MM-DD</c>, or <c>YYYY</c> when estimated.</summary>
    public required string BirthDate { get; init; }

    public string? Phone { get; init; }

    public string? Village { get; init; }

    public string? Spid { get; init; }

    /// <summary>Identification cards: identifier system and normalized number.</summary>
    public required IReadOnlyList<(string System, string Value)> Cards { get; init; }
}

/// <summary>A PMRS visit, checked and translated to the standards' codes.</summary>
internal sealed record VisitData
{
    public required string Code { get; init; }

    public required string Facility { get; init; }

    /// <summary>Code of CodeSystem visit-type (OPD, IPD, EMER).</summary>
    public required string VisitType { get; init; }

    /// <summary>Code of v3-ActCode (AMB, IMP, EMER).</summary>
    public required string EncounterClass { get; init; }

    public string? AdmissionType { get; init; }

    public string? ReferredFrom { get; init; }

    public required string PaymentType { get; init; }

    /// <summary>The scheme that pays (code of CodeSystem scheme), or <see langword="null"/> when recorded only.</summary>
    public string? Scheme { get; init; }

    /// <summary>The operator that receives the visit, or <see langword="null"/> when recorded only.</summary>
    public string? Operator { get; init; }

    public (string System, string Value)? Card { get; init; }

    public required DateTimeOffset AdmittedAt { get; init; }

    public DateTimeOffset? DischargedAt { get; init; }

    public string? DischargeDisposition { get; init; }

    public required string Submission { get; init; }

    public bool IsFinal => Submission is "discharge" or "final";
}

/// <summary>One diagnosis: ICD-10 code and its ex-diagnosistype code.</summary>
internal sealed record DiagnosisData(string Code, string Type);

/// <summary>One line of a claim: product system and code, quantity, unit price in riel.</summary>
internal sealed record ClaimLine(string System, string Code, decimal Quantity, decimal UnitPrice);

/// <summary>One invoice: code, lines (services, transport, caretaker food), total, caretaker food days.</summary>
internal sealed record InvoiceData(string Code, IReadOnlyList<ClaimLine> Lines, decimal Total, decimal FoodDays);
