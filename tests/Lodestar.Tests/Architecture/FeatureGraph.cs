using System.Reflection;
using System.Reflection.Emit;

namespace Lodestar.Tests.Architecture;

/// <summary>
/// Which feature of an assembly uses which: for every type of a feature namespace (Lodestar.&lt;Feature&gt;, nested
/// and compiler-generated types included), the features of the types in its signatures, attributes and method bodies
/// (every type, method and field token of the IL). Built from the compiled code, so a fully qualified name or a
/// <c>var</c> hides nothing.
/// </summary>
public static class FeatureGraph
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static Dictionary<string, SortedSet<string>> Of(Assembly assembly, string root)
    {
        var graph = new Dictionary<string, SortedSet<string>>();
        foreach (var type in assembly.GetTypes())
        {
            if (Feature(type, root) is not { } from)
            {
                continue;
            }

            var uses = graph.TryGetValue(from, out var set) ? set : graph[from] = [];
            foreach (var used in Used(type))
            {
                if (Feature(used, root) is { } to && to != from)
                {
                    uses.Add(to);
                }
            }
        }

        return graph;
    }

    /// <summary>The feature folder of a type: the second part of its (outermost) namespace, e.g. Lodestar.Values.X → Values.</summary>
    public static string? Feature(Type type, string root)
    {
        while (type.IsNested)
        {
            type = type.DeclaringType!;
        }

        var ns = type.Namespace;
        if (ns is null || !ns.StartsWith(root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[(root.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static List<Type> Used(Type type)
    {
        var found = new List<Type>();
        void Add(Type? t)
        {
            if (t is null)
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
                return;
            }

            found.Add(t);
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var a in t.GetGenericArguments())
                {
                    Add(a);
                }
            }
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Add(i);
        }

        foreach (var a in type.CustomAttributes)
        {
            Add(a.AttributeType);
        }

        foreach (var f in type.GetFields(Everything))
        {
            Add(f.FieldType);
        }

        foreach (var p in type.GetProperties(Everything))
        {
            Add(p.PropertyType);
        }

        foreach (var m in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (m is MethodInfo mi)
            {
                Add(mi.ReturnType);
            }

            foreach (var p in m.GetParameters())
            {
                Add(p.ParameterType);
            }

            foreach (var t in BodyTypes(m))
            {
                Add(t);
            }
        }

        return found;
    }

    /// <summary>The types a method body names: the operands of its type, method and field instructions.</summary>
    private static IEnumerable<Type> BodyTypes(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var module = method.Module;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            OpCode op;
            if (il[i] == 0xFE)
            {
                op = OpCodesByValue[unchecked((short)(0xFE00 | il[i + 1]))];
                i += 2;
            }
            else
            {
                op = OpCodesByValue[il[i]];
                i += 1;
            }

            var size = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (BitConverter.ToInt32(il, i) * 4),
                OperandType.InlineBrTarget or OperandType.InlineField or OperandType.InlineI or OperandType.InlineMethod or OperandType.InlineSig
                    or OperandType.InlineString or OperandType.InlineTok or OperandType.InlineType or OperandType.ShortInlineR => 4,
#pragma warning disable CS0618 // InlinePhi is obsolete and never emitted; named so the switch is complete.
                OperandType.InlinePhi => 0,
#pragma warning restore CS0618
                _ => throw new InvalidOperationException($"Unknown operand type {op.OperandType}"),
            };
            if (op.OperandType is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
            {
                MemberInfo? member = null;
                try
                {
                    member = module.ResolveMember(BitConverter.ToInt32(il, i), typeArgs, methodArgs);
                }
                catch (ArgumentException)
                {
                    // A token of a generic context reflection cannot rebuild here: nothing of ours hides behind it.
                }

                switch (member)
                {
                    case Type t:
                        yield return t;
                        break;
                    case FieldInfo f:
                        yield return f.DeclaringType!;
                        yield return f.FieldType;
                        break;
                    case MethodBase m:
                        yield return m.DeclaringType!;
                        if (m is MethodInfo { IsGenericMethod: true } g)
                        {
                            foreach (var a in g.GetGenericArguments())
                            {
                                yield return a;
                            }
                        }

                        break;
                }
            }

            i += size;
        }
    }
}
