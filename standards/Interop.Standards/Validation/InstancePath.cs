using System.Text;

namespace Interop.Standards.Validation;

/// <summary>The path of the node being visited, kept as a stack and turned into text only when an issue needs it.</summary>
internal sealed class InstancePath(Func<string> root)
{
    public InstancePath(string root)
        : this(() => root)
    {
    }

    private readonly List<(string Name, int Index)> _segments = [];

    public void Push(string name, int index) => _segments.Add((name, index));

    public void Pop() => _segments.RemoveAt(_segments.Count - 1);

    public string Child(string name) => ToString() + "." + name;

    public override string ToString()
    {
        var text = new StringBuilder(root());
        foreach (var (name, index) in _segments)
        {
            text.Append('.').Append(name);
            if (index >= 0)
            {
                text.Append('[').Append(index).Append(']');
            }
        }

        return text.ToString();
    }
}
