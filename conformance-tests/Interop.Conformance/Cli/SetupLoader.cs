using System.Reflection;
using System.Runtime.Loader;

namespace Interop.Conformance.Cli;

/// <summary>
/// Finds the adapter's <see cref="AdapterConformanceSetup"/> in a compiled assembly: the one public, non-abstract subclass with a
/// parameterless constructor (or the one named with <c>--setup</c>). The assembly's own dependencies are resolved from its
/// folder; the kit's, the contract's and the standards' assemblies are shared, so the types are the same.
/// </summary>
internal static class SetupLoader
{
    public static AdapterConformanceSetup Load(string assemblyPath, string? typeName)
    {
        var path = Path.GetFullPath(assemblyPath);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"The assembly {path} does not exist; build the adapter's test project first.");
        }

        var resolver = new AssemblyDependencyResolver(path);
        var folder = Path.GetDirectoryName(path)!;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var file = resolver.ResolveAssemblyToPath(name) ?? Path.Combine(folder, name.Name + ".dll");
            return File.Exists(file) ? context.LoadFromAssemblyPath(file) : null;
        };

        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        var setups = Types(assembly)
            .Where(t => t.IsPublic && !t.IsAbstract && t.IsSubclassOf(typeof(AdapterConformanceSetup)) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Where(t => typeName is null || t.FullName == typeName || t.Name == typeName)
            .ToList();
        return setups.Count switch
        {
            1 => (AdapterConformanceSetup)Activator.CreateInstance(setups[0])!,
            0 => throw new ArgumentException($"{Path.GetFileName(path)} has no public {nameof(AdapterConformanceSetup)} subclass with a parameterless constructor{(typeName is null ? "" : $" named {typeName}")}."),
            _ => throw new ArgumentException($"{Path.GetFileName(path)} has several setups ({string.Join(", ", setups.Select(s => s.FullName))}): choose one with --setup."),
        };
    }

    private static IEnumerable<Type> Types(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
