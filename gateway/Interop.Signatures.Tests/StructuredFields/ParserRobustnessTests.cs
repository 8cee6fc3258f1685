using Interop.Signatures.Digests;
using Interop.Signatures.Keys;
using Interop.Signatures.Signing;
using Interop.Signatures.StructuredFields;

namespace Interop.Signatures.Tests.StructuredFields;

/// <summary>Bad input never throws out of a public parser: it returns an error with a position and a reason.</summary>
public sealed class ParserRobustnessTests
{
    private const string Alphabet = "abcXYZ019*-_.:;=,()\"\\ ?@%/+ \t\u00e9\u0000";

    [Fact]
    public void Parsers_TenThousandRandomInputs_NeverThrow()
    {
        var random = new Random(9421);
        for (var i = 0; i < 10_000; i++)
        {
            var input = new string([.. Enumerable.Range(0, random.Next(0, 24)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);

            AssertFailureHasPosition(StructuredFieldParser.ParseItem(input), input);
            AssertFailureHasPosition(StructuredFieldParser.ParseList(input), input);
            AssertFailureHasPosition(StructuredFieldParser.ParseDictionary(input), input);
            AssertFailureHasPosition(SignatureFields.Parse(input, input), input);
            AssertFailureHasPosition(ContentDigest.Parse(input), input);
            _ = ContentDigest.Verify(input, "x"u8);
        }
    }

    [Theory]
    [InlineData("item", "1;", 2, "expected a key")]
    [InlineData("item", "\"abc", 4, "not closed")]
    [InlineData("item", "(1 2)", 0, "cannot start an item")]
    [InlineData("dictionary", "a=1, ", 5, "trailing ','")]
    [InlineData("list", "(1 2", 4, "not closed")]
    [InlineData("item", ":aGVsbG8.:", 8, "not a base64 character")]
    public void ParseError_BadInput_NamesPositionAndReason(string type, string input, int position, string reason)
    {
        var error = type switch
        {
            "item" => StructuredFieldParser.ParseItem(input).Error,
            "list" => StructuredFieldParser.ParseList(input).Error,
            _ => StructuredFieldParser.ParseDictionary(input).Error,
        };

        Assert.NotNull(error);
        Assert.Equal(position, error.Position);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k\",\"x\":\"AAAA\",\"y\":\"AAAA\"}")]
    [InlineData("{\"kty\":\"RSA\",\"kid\":\"k\",\"alg\":\"PS512\",\"n\":\"!!!\",\"e\":\"AQAB\"}")]
    [InlineData("{\"kty\":\"EC\",\"crv\":\"P-384\",\"kid\":\"k\"}")]
    [InlineData("{\"kty\":\"oct\",\"k\":\"AAAA\",\"alg\":\"HS256\"}")]
    public void FromJwk_BadKey_ReturnsAnError(string json) => Assert.False(SignatureKey.FromJwk(json).IsSuccess);

    private static void AssertFailureHasPosition<T>(ParseResult<T> result, string input)
        where T : class
    {
        if (!result.IsSuccess)
        {
            Assert.InRange(result.Error.Position, 0, input.Length);
            Assert.False(string.IsNullOrEmpty(result.Error.Reason));
        }
    }
}
