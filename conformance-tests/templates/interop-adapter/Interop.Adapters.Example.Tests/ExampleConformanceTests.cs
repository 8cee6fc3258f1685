using Interop.Adapters.Example;
using Interop.Conformance;
using Interop.Conformance.Xunit;
using Interop.Contracts.Registration;

namespace Interop.Adapters.Example.Tests;

/// <summary>
/// How the conformance kit registers the adapter: exactly as the gateway does. The fixtures are <c>fixtures/</c>, copied next
/// to the test assembly; the reports land in <c>conformance-reports/</c> there.
/// </summary>
public sealed class ExampleConformanceSetup : AdapterConformanceSetup
{
    /// <inheritdoc />
    public override void Register(IInteropBuilder interop) => interop.AddExampleAdapter();
}

/// <summary>Every requirement of the conformance kit, one test each, on the Example adapter.</summary>
public sealed class ExampleConformanceTests : AdapterConformanceTests<ExampleConformanceSetup>;
