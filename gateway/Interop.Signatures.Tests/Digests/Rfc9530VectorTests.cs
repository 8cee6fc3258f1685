using System.Text.Json;
using Interop.Signatures.Digests;
using Interop.Signatures.Tests.Rfc9421;

namespace Interop.Signatures.Tests.Digests;

/// <summary>Every Content-Digest / Repr-Digest example of RFC 9530, and the Content-Digest of every RFC 9421 message.</summary>
public sealed class Rfc9530VectorTests
{
    private static readonly Lazy<JsonElement> Document = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestVectorFiles.PathOf("rfc9530", "vectors.json")));
        return document.RootElement.Clone();
    });

    public static TheoryData<string, int> Members()
    {
        var data = new TheoryData<string, int>();
        foreach (var vector in Document.Value.GetProperty("vectors").EnumerateArray())
        {
            for (var i = 0; i < vector.GetProperty("members").GetArrayLength(); i++)
            {
                data.Add(vector.GetProperty("id").GetString()!, i);
            }
        }

        return data;
    }

    public static TheoryData<string> AppendixDAlgorithms()
    {
        var data = new TheoryData<string>();
        foreach (var value in Document.Value.GetProperty("appendix_d").GetProperty("values").EnumerateArray())
        {
            data.Add(value.GetProperty("algorithm").GetString()!);
        }

        return data;
    }

    public static TheoryData<string> MessagesWithContentDigest()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestVectorFiles.PathOf("rfc9421", "messages"), "*.http").OrderBy(f => f, StringComparer.Ordinal))
        {
            if (File.ReadAllText(file).Contains("Content-Digest:", StringComparison.Ordinal))
            {
                data.Add("messages/" + Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Members))]
    public void DigestField_RfcExample_BehavesAsItsFlagsSay(string id, int memberIndex)
    {
        var vector = Vector(id);
        var fieldValue = vector.GetProperty("field_value").GetString()!;
        var member = vector.GetProperty("members")[memberIndex];
        var algorithm = member.GetProperty("algorithm").GetString()!;
        var input = Input(vector);

        var parsed = ContentDigest.Parse(fieldValue);

        if (!member.GetProperty("canonical_base64").GetBoolean())
        {
            // RFC defect: one '=' too many. A strict Structured Fields parser refuses it.
            Assert.False(parsed.IsSuccess);
            Assert.Contains("base64", parsed.Error.Reason, StringComparison.Ordinal);
            Assert.Equal(DigestCheckStatus.Malformed, ContentDigest.Verify(fieldValue, input ?? []).Status);
            return;
        }

        Assert.True(parsed.IsSuccess, parsed.Error?.ToString());
        var digest = parsed.Value[memberIndex];
        Assert.Equal(algorithm, digest.Algorithm);
        Assert.Equal(member.GetProperty("base64").GetString(), Convert.ToBase64String(digest.Digest.Span));

        if (input is null)
        {
            return; // The RFC does not say what was hashed.
        }

        var single = Single(algorithm, digest);
        var check = ContentDigest.Verify(single, input);
        if (member.GetProperty("recomputed_match").GetBoolean())
        {
            Assert.Equal(DigestCheckStatus.Valid, check.Status);
            Assert.Equal(single, ContentDigest.Create(input, algorithm == "sha-256" ? DigestAlgorithm.Sha256 : DigestAlgorithm.Sha512));
        }
        else
        {
            // RFC defect: the printed digest is not the digest of the printed content.
            Assert.Equal(DigestCheckStatus.Mismatch, check.Status);
        }
    }

    [Theory]
    [MemberData(nameof(AppendixDAlgorithms))]
    public void AppendixD_Digest_SecureAlgorithmsMatchAndInsecureOnesAreRefused(string algorithm)
    {
        var appendix = Document.Value.GetProperty("appendix_d");
        var input = InputBytes(appendix.GetProperty("input").GetString()!);
        var printed = appendix.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("algorithm").GetString() == algorithm);
        var field = $"{algorithm}={printed.GetProperty("printed_value").GetString()}";

        var check = ContentDigest.Verify(field, input);

        switch (algorithm)
        {
            case "sha-256":
                Assert.Equal(field, ContentDigest.Create(input, DigestAlgorithm.Sha256));
                Assert.True(check.IsValid);
                break;
            case "sha-512":
                Assert.Equal(field, ContentDigest.Create(input, DigestAlgorithm.Sha512));
                Assert.True(check.IsValid);
                break;
            default:
                Assert.Equal(DigestCheckStatus.UnsupportedAlgorithm, check.Status);
                Assert.Contains("insecure", check.Detail, StringComparison.Ordinal);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(MessagesWithContentDigest))]
    public void ContentDigest_Rfc9421Message_MatchesItsContent(string file)
    {
        var message = HttpMessageFile.Read(file);

        var check = ContentDigest.Verify(message.Headers.GetCombined("content-digest"), message.Content!.Value.Span);

        Assert.True(check.IsValid, check.Detail);
    }

    [Fact]
    public void Create_TwoAlgorithms_ListsBothInOrder()
    {
        var field = ContentDigest.Create("{\"hello\": \"world\"}"u8, [DigestAlgorithm.Sha256, DigestAlgorithm.Sha512]);

        Assert.Equal(
            "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:, sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
            field);
    }

    [Fact]
    public void Verify_OneGoodOneBadMember_IsAMismatch()
    {
        var content = "{\"hello\": \"world\"}"u8.ToArray();
        var field = ContentDigest.Create(content) + ", sha-512=:" + Convert.ToBase64String(new byte[64]) + ":";

        Assert.Equal(DigestCheckStatus.Mismatch, ContentDigest.Verify(field, content).Status);
    }

    [Theory]
    [InlineData(null, DigestCheckStatus.Missing)]
    [InlineData("sha-256=abc", DigestCheckStatus.Malformed)]
    [InlineData("sha-256=:not base64:", DigestCheckStatus.Malformed)]
    [InlineData("unknown-alg=:AAAA:", DigestCheckStatus.UnsupportedAlgorithm)]
    [InlineData("sha-256=:AAAA:", DigestCheckStatus.Mismatch)]
    public void Verify_BadField_ReportsWhy(string? field, DigestCheckStatus expected) =>
        Assert.Equal(expected, ContentDigest.Verify(field, "x"u8).Status);

    [Fact]
    public void Verify_Sha512Only_WhenOnlySha256IsAccepted_IsUnsupported()
    {
        var content = "body"u8.ToArray();

        var check = ContentDigest.Verify(ContentDigest.Create(content, DigestAlgorithm.Sha512), content, [DigestAlgorithm.Sha256]);

        Assert.Equal(DigestCheckStatus.UnsupportedAlgorithm, check.Status);
    }

    private static JsonElement Vector(string id) =>
        Document.Value.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("id").GetString() == id);

    private static byte[]? Input(JsonElement vector) =>
        vector.GetProperty("input").ValueKind == JsonValueKind.String ? InputBytes(vector.GetProperty("input").GetString()!) : null;

    private static byte[] InputBytes(string name) =>
        Convert.FromBase64String(Document.Value.GetProperty("inputs").GetProperty(name).GetProperty("base64").GetString()!);

    private static string Single(string algorithm, DigestValue digest) => $"{algorithm}=:{Convert.ToBase64String(digest.Digest.Span)}:";
}
