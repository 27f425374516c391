using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.TensorFlow.SavedModel;

/// <summary>
/// The shortest path of local names from the root (node 0) of a MetaGraph's <see cref="SavedObjectGraph"/> to each of
/// its objects. A checkpoint's object graph is matched to the saved objects by these paths, as TensorFlow's loader
/// restores variables by walking both graphs from their roots.
/// </summary>
internal static class SavedObjectPaths
{
    /// <summary>The path of every object reachable from the root, by object id.</summary>
    public static Dictionary<int, string[]> Of(SavedObjectGraph graph)
    {
        var paths = new Dictionary<int, string[]>();
        if (graph.Nodes.Count == 0) return paths;
        paths[0] = [];
        var queue = new Queue<int>([0]);
        while (queue.Count > 0)
        {
            var id = queue.Dequeue();
            foreach (var child in graph.Nodes[id].Children)
            {
                if (child.NodeId < 0 || child.NodeId >= graph.Nodes.Count || paths.ContainsKey(child.NodeId)) continue;
                paths[child.NodeId] = [.. paths[id], child.LocalName];
                queue.Enqueue(child.NodeId);
            }
        }
        return paths;
    }
}
