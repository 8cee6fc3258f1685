using System.Data.Common;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Diagnostics;

namespace Interop.Registry.Api;

/// <summary>
/// The registry's answer when a request fails unexpectedly: an OperationOutcome, never a stack trace or an exception's
/// text (a database message can quote the values of a row). Its database unreachable or failing: 503, retry later.
/// </summary>
public static partial class RegistryErrors
{
    /// <summary>Answers every unhandled failure of the registry's endpoints as a FHIR OperationOutcome.</summary>
    public static IApplicationBuilder UseRegistryErrors(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = WriteAsync,
            SuppressDiagnosticsCallback = context =>
            {
                // The type and where it was thrown, never the exception's message: it can quote personal data.
                if (context.Exception is Storage.RegistryUnavailableException)
                {
                    return true; // expected while a load runs: answered 503, not a failure of the registry
                }

                var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RegistryErrors).FullName!);
                LogFailure(logger, context.Exception.GetType().Name, context.HttpContext.Request.Method, context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Endpoint?.DisplayName ?? "no endpoint", context.Exception.StackTrace ?? "");
                return true;
            },
        });

    private static async System.Threading.Tasks.Task WriteAsync(HttpContext http)
    {
        var failure = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        var storeDown = failure is DbException or TimeoutException || failure?.InnerException is DbException or TimeoutException or System.Net.Sockets.SocketException;
        var (status, type, text) = failure switch
        {
            Storage.RegistryUnavailableException busy => (StatusCodes.Status503ServiceUnavailable, OperationOutcome.IssueType.Transient, busy.Message),
            _ when storeDown => (StatusCodes.Status503ServiceUnavailable, OperationOutcome.IssueType.Transient, "The registry's database could not answer. Retry later."),
            _ => (StatusCodes.Status500InternalServerError, OperationOutcome.IssueType.Exception, "The registry could not process the request."),
        };
        await FhirResults.Outcome(status, type, text).ExecuteAsync(http);
    }

    [LoggerMessage(Level = LogLevel.Error, EventName = "RegistryRequestFailed", Message = "A registry request failed: {ExceptionType} in {Method} {Endpoint}\n{StackTrace}")]
    private static partial void LogFailure(ILogger logger, string exceptionType, string method, string endpoint, string stackTrace);
}
