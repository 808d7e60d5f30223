namespace Trellis.Saving;

/// <summary>
/// Registers a custom layer, optimizer, loss, metric, initializer or regularizer for whole-model saving under the name
/// <c>package&gt;Name</c> (Keras's <c>register_keras_serializable</c>). <c>Model.Load</c> finds registered types in
/// every loaded assembly with no registration call; in safe mode (the default) no other type is ever instantiated.
/// </summary>
/// <remarks>
/// <para>The registered name is written to the archive as <c>registered_name</c>; keep it stable, since old files
/// look the type up by it. The class may move or be renamed freely.</para>
/// <para>The config is <c>GetConfig()</c> when the class overrides it; otherwise the values of the public
/// constructor's parameters, read back from properties or fields with the same names (<c>units</c> from
/// <c>Units</c> or <c>_units</c>). Loading calls the public constructor whose parameters match the config's keys
/// (snake_case or camelCase), or a <c>public static T FromConfig(IReadOnlyDictionary&lt;string, object?&gt;)</c>
/// when the class declares one.</para>
/// </remarks>
/// <example><code>
/// [RegisterSerializable("my_package&gt;MyCustomLayer")]
/// public sealed class MyCustomLayer(int units = 32) : Layer { public int Units { get; } = units; ... }
/// </code></example>
/// <param name="registeredName">The stable name, <c>package&gt;Name</c>; the package defaults to <c>Custom</c> when no <c>&gt;</c> is given.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class RegisterSerializableAttribute(string registeredName) : Attribute
{
    /// <summary>The name written to and looked up in archives, <c>package&gt;Name</c>.</summary>
    public string RegisteredName { get; } = registeredName.Contains('>', StringComparison.Ordinal) ? registeredName : "Custom>" + registeredName;
}
