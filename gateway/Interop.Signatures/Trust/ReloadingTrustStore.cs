using System.Security.Cryptography;
using Interop.Signatures.Verification;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interop.Signatures.Trust;

/// <summary>
/// The trust store the gateway uses: holds the current <see cref="TrustStore"/> snapshot and replaces it,
/// without a restart, when the <c>Trust</c> configuration changes or a JWKS file changes (checked by polling).
/// A malformed reload is logged and the last good snapshot stays in force.
/// </summary>
public sealed partial class ReloadingTrustStore : ISignatureKeyResolver, IDisposable
{
    private readonly IOptionsMonitor<TrustStoreOptions> _options;
    private readonly ILogger<ReloadingTrustStore> _logger;
    private readonly string? _contentRoot;
    private readonly Lock _reloadLock = new();
    private readonly IDisposable? _optionsSubscription;
    private readonly ITimer _poll;
    private volatile TrustStore _current;
    private string _filesFingerprint;

    /// <summary>Loads the first snapshot (a malformed trust store throws here, so start-up fails) and starts watching.</summary>
    /// <param name="options">The <c>Trust</c> options; their changes trigger a reload.</param>
    /// <param name="logger">Where reload outcomes and errors go.</param>
    /// <param name="contentRoot">Where relative JWKS paths start; default the current directory.</param>
    /// <param name="pollInterval">How often JWKS files are checked for changes; default 5 seconds.</param>
    /// <param name="timeProvider">The clock driving the polling; default the system clock.</param>
    /// <exception cref="TrustStoreException">The configured trust store is malformed.</exception>
    public ReloadingTrustStore(
        IOptionsMonitor<TrustStoreOptions> options,
        ILogger<ReloadingTrustStore> logger,
        string? contentRoot = null,
        TimeSpan? pollInterval = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
        _contentRoot = contentRoot;
        var initial = options.CurrentValue;
        _filesFingerprint = Fingerprint(initial);
        _current = TrustStore.Load(initial, contentRoot);
        _optionsSubscription = options.OnChange((changed, name) =>
        {
            if (name == Options.DefaultName)
            {
                Reload(changed, "configuration changed");
            }
        });
        var interval = pollInterval ?? TimeSpan.FromSeconds(5);
        _poll = (timeProvider ?? TimeProvider.System).CreateTimer(_ => PollFiles(), null, interval, interval);
    }

    /// <summary>The snapshot in force.</summary>
    public TrustStore Current => _current;

    /// <summary>The error of the last reload attempt, or null when it succeeded (for health checks).</summary>
    public TrustStoreException? LastError { get; private set; }

    /// <summary>True when the member may call the route, per the snapshot in force.</summary>
    public bool IsAllowed(string memberId, string routeId) => _current.IsAllowed(memberId, routeId);

    /// <inheritdoc />
    public ValueTask<ResolvedKey?> ResolveAsync(string keyId, CancellationToken cancellationToken) => _current.ResolveAsync(keyId, cancellationToken);

    /// <summary>Reloads now from the current options and files.</summary>
    /// <returns>True when the new snapshot replaced the old one; false when it was malformed (the old one stays).</returns>
    public bool Reload() => Reload(_options.CurrentValue, "reload requested");

    /// <summary>Checks the JWKS files now and reloads when one changed; the timer calls this too.</summary>
    /// <returns>True when a file changed and the reload succeeded.</returns>
    public bool PollFiles()
    {
        var options = _options.CurrentValue;
        string fingerprint;
        lock (_reloadLock)
        {
            fingerprint = Fingerprint(options);
            if (fingerprint == _filesFingerprint)
            {
                return false;
            }
        }

        return Reload(options, "a JWKS file changed");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _optionsSubscription?.Dispose();
        _poll.Dispose();
    }

    private bool Reload(TrustStoreOptions options, string why)
    {
        lock (_reloadLock)
        {
            // Remember the files as read now, good or bad, so a bad file is reported once, not at every poll.
            _filesFingerprint = Fingerprint(options);
            try
            {
                var loaded = TrustStore.Load(options, _contentRoot);
                _current = loaded;
                LastError = null;
                LogReloaded(why, loaded.Members.Count, loaded.Keys.Count);
                return true;
            }
            catch (TrustStoreException e)
            {
                LastError = e;
                LogReloadFailed(e, why, e.Message);
                return false;
            }
        }
    }

    private string Fingerprint(TrustStoreOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in TrustStore.JwksFiles(options, _contentRoot).Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(path + "\n"));
            try
            {
                hash.AppendData(File.ReadAllBytes(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                hash.AppendData("(unreadable)"u8);
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Trust store reloaded ({Why}): {Members} members, {Keys} keys")]
    private partial void LogReloaded(string why, int members, int keys);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Trust store reload refused ({Why}), the previous snapshot stays in force: {Reason}")]
    private partial void LogReloadFailed(Exception exception, string why, string reason);
}
