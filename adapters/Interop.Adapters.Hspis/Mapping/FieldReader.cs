using Hl7.Fhir.Model;
using Interop.Adapters.Hspis.Xml;
using Interop.Contracts.Standards;

namespace Interop.Adapters.Hspis.Mapping;

/// <summary>Reads typed H-SPIS fields of one element, checking each against the standards and recording every error.</summary>
internal sealed class FieldReader(ITerminology terminology, IIdentifierSystems identifiers)
{
    public ITerminology Terminology { get; } = terminology;

    /// <summary>An identifier, normalized (Khmer digits to ASCII) and checked against its NamingSystem.</summary>
    public string? Identifier(ElementScope scope, string name, string system, string what, bool required)
    {
        var text = required ? scope.Required(name, what) : scope.Text(name);
        return text is null ? null : CheckIdentifier(scope, name, system, what, text);
    }

    public string? CheckIdentifier(ElementScope scope, string path, string system, string what, string text)
    {
        var value = LegacyValues.Identifier(text);
        switch (identifiers.Check(system, value))
        {
            case IdentifierCheck.Valid:
                return value;
            case IdentifierCheck.InvalidCheckDigit:
                scope.Error(path, "invalid-check-digit", $"The check digit of this {what} is wrong.", text);
                return null;
            default:
                scope.Error(path, "invalid-format", $"{what} does not have its format ({FormatOf(system)}).", text);
                return null;
        }
    }

    public DateOnly? Date(ElementScope scope, string name, string what, bool required)
    {
        var text = required ? scope.Required(name, what) : scope.Text(name);
        if (text is null)
        {
            return null;
        }

        if (LegacyValues.TryDate(text, out var date))
        {
            return date;
        }

        scope.Error(name, "invalid-format", $"{what} is a date yyyyMMdd.", text);
        return null;
    }

    /// <summary>A code translated through a ConceptMap of the standards; an unknown code is <c>unknown-code</c>.</summary>
    public ConceptTranslation? Translate(ElementScope scope, string name, string conceptMap, string what, bool required)
    {
        var text = required ? scope.Required(name, what) : scope.Text(name);
        if (text is null)
        {
            return null;
        }

        var translation = Terminology.Translate(conceptMap, LegacyValues.AsciiDigits(text));
        if (translation.IsMatch)
        {
            return translation;
        }

        scope.Error(name, "unknown-code", $"{text} is not a {what} code.", text);
        return null;
    }

    /// <summary>
    /// An amount element (<c>&lt;Amount currency="KHR"&gt;150000.00&lt;/Amount&gt;</c>) in riel: dollars are converted at the
    /// message's exchange rate and refused without one.
    /// </summary>
    public decimal? Money(ElementScope scope, decimal? exchangeRate, ref bool converted)
    {
        var path = scope.Path;
        var element = scope.Element;
        if (element is null)
        {
            return null;
        }

        var currency = (string?)element.Attribute("currency");
        var text = element.Value.Trim();
        decimal? result = null;
        if (text.Length == 0)
        {
            scope.Errors.Add(new(path, "missing-value", "The amount is required."));
        }
        else if (!LegacyValues.TryAmount(text, out var amount))
        {
            scope.Errors.Add(new(path, "invalid-format", "An amount is a non-negative number with at most two decimals (150000.00).", text));
        }
        else
        {
            result = amount;
        }

        if (string.IsNullOrWhiteSpace(currency))
        {
            scope.Errors.Add(new(path + "/@currency", "missing-value", "The currency (KHR or USD) is required."));
            return null;
        }

        currency = currency.Trim();
        if (!Terminology.Contains("currency", "urn:iso:std:iso:4217", currency))
        {
            scope.Errors.Add(new(path + "/@currency", "unknown-code", $"{currency} is not a currency H-SPIS uses (KHR, USD).", currency));
            return null;
        }

        if (currency == "KHR" || result is null)
        {
            return result;
        }

        if (exchangeRate is not { } rate)
        {
            scope.Errors.Add(new(path, "missing-exchange-rate", "An amount in USD needs Header/ExchangeRate (riel per dollar).", currency));
            return null;
        }

        converted = true;
        return Math.Round(result.Value * rate, 2, MidpointRounding.AwayFromZero);
    }

    public static Hl7.Fhir.Model.Money Riel(decimal value) => new() { Value = value, Currency = Hl7.Fhir.Model.Money.Currencies.KHR };

    public static ResourceReference ByIdentifier(string system, string value) => new() { Identifier = new Identifier(system, value) };

    private static string FormatOf(string system) => system switch
    {
        Canon.NssfMember => "10 digits",
        Canon.KhmerId => "9 digits",
        Canon.Employer => "E and 7 digits",
        Canon.Village => "8 digits",
        Canon.Facility => "4 to 8 digits",
        Canon.ClaimNumber => "facility code, -C-, year, -, 5 digits",
        Canon.Spid => "12 digits with a check digit",
        _ => "see its NamingSystem",
    };
}
