using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Interop.Gateway.Tests.Pipeline;

/// <summary>
/// An upstream answer held back until the test releases it: <see cref="Arrived"/> completes once the request is at the
/// upstream, whose answer (<see cref="Response"/>) waits for <see cref="Release"/>, so a test acts while a run is in flight.
/// </summary>
internal sealed class HeldAnswer(string body, int status = 200)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the request is at the upstream (fails after 30 s).</summary>
    public Task Arrived => _arrived.Task.WaitAsync(Patience);

    /// <summary>The held answer, FHIR JSON.</summary>
    public IResponseBuilder Response => WireMock.ResponseBuilders.Response.Create().WithCallback(_ =>
    {
        _arrived.TrySetResult();
        _released.Task.Wait(Patience);
        return new WireMock.ResponseMessage
        {
            StatusCode = status,
            Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("application/fhir+json") },
            BodyData = new WireMock.Util.BodyData { BodyAsString = body, DetectedBodyType = WireMock.Types.BodyType.String },
        };
    });

    /// <summary>Lets the upstream answer.</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>The operator's <c>Claim/$submit</c> answers <paramref name="first"/> to the first submission and <paramref name="then"/> to every later one.</summary>
    public static void ClaimSubmitAnswers(WireMockServer pca, IResponseBuilder first, IResponseBuilder then)
    {
        pca.Given(Request.Create().WithPath("/fhir/Claim/$submit").UsingPost()).InScenario("pca").WillSetStateTo("answered once").RespondWith(first);
        pca.Given(Request.Create().WithPath("/fhir/Claim/$submit").UsingPost()).InScenario("pca").WhenStateIs("answered once").RespondWith(then);
    }
}
