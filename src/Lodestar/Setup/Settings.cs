using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Lodestar.Setup;

/// <summary>
/// Reads a settings class from configuration: each public property names its environment variable with
/// <see cref="ConfigurationKeyNameAttribute"/> (the stable names of docs/api.md); unset or blank keeps the property's
/// default; a value that does not convert, or lies outside its <see cref="RangeAttribute"/> or
/// <see cref="AllowedValuesAttribute"/>, is a problem naming the variable, the value and what is allowed. Every problem
/// of every class is reported at once, so an operator fixes the environment in one go.
/// </summary>
public static class Settings
{
    /// <summary>The settings, or <see cref="SettingsException"/> listing each problem.</summary>
    public static T Read<T>(IConfiguration config)
        where T : new()
    {
        var problems = new List<string>();
        var value = Read<T>(config, problems);
        return problems.Count == 0 ? value : throw new SettingsException(problems);
    }

    /// <summary>Reads every class given and throws one <see cref="SettingsException"/> with the problems of all of them.</summary>
    public static void Check(IConfiguration config, IEnumerable<Func<IConfiguration, List<string>, object>> readers)
    {
        var problems = new List<string>();
        foreach (var read in readers)
        {
            read(config, problems);
        }

        if (problems.Count > 0)
        {
            throw new SettingsException(problems);
        }
    }

    public static T Read<T>(IConfiguration config, List<string> problems)
        where T : new()
    {
        var value = new T();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name is not { } key || config[key] is not { } raw
                || string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            if (Convert(raw.Trim(), property.PropertyType) is not { } converted || !Allowed(property, converted))
            {
                problems.Add($"{key}={raw}: {Expected(property)}");
                continue;
            }

            property.SetValue(value, converted);
        }

        return value;
    }

    private static object? Convert(string raw, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        var inv = CultureInfo.InvariantCulture;
        return target switch
        {
            _ when target == typeof(string) => raw,
            _ when target == typeof(int) => int.TryParse(raw, NumberStyles.Integer, inv, out var i) ? i : null,
            _ when target == typeof(long) => long.TryParse(raw, NumberStyles.Integer, inv, out var l) ? l : null,
            _ when target == typeof(double) => double.TryParse(raw, NumberStyles.Float, inv, out var d) && double.IsFinite(d) ? d : null,
            _ when target == typeof(bool) => bool.TryParse(raw, out var b) ? b : null,
            _ => throw new NotSupportedException($"A setting of type {type.Name} has no reader."),
        };
    }

    private static bool Allowed(PropertyInfo property, object value) =>
        property.GetCustomAttributes<ValidationAttribute>().All(a => a.IsValid(value is string s ? s.ToLowerInvariant() : value));

    /// <summary>What the variable takes, in Vietnamese and English.</summary>
    private static string Expected(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (property.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed)
        {
            var list = string.Join(", ", allowed.Values);
            return $"phải là một trong: {list} / must be one of: {list}";
        }

        if (property.GetCustomAttribute<ValidationAttribute>() is ISettingRule rule)
        {
            return $"phải là {rule.Vi} / must be {rule.En}";
        }

        if (property.GetCustomAttribute<EmailAddressAttribute>() is not null)
        {
            return "phải là một địa chỉ e-mail / must be an e-mail address";
        }

        if (property.GetCustomAttribute<UrlAttribute>() is not null)
        {
            return "phải là địa chỉ đầy đủ bắt đầu bằng https:// hoặc http:// / must be a full address starting with https:// or http://";
        }

        var whole = type == typeof(int) || type == typeof(long);
        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            return whole
                ? $"phải là số nguyên từ {range.Minimum} đến {range.Maximum} / must be a whole number from {range.Minimum} to {range.Maximum}"
                : $"phải là số (dấu chấm thập phân) từ {range.Minimum} đến {range.Maximum} / must be a number (decimal point) from {range.Minimum} to {range.Maximum}";
        }

        return type == typeof(bool) ? "phải là true hoặc false / must be true or false"
            : whole ? "phải là số nguyên / must be a whole number"
            : "phải là số (dấu chấm thập phân) / must be a number (decimal point)";
    }
}

/// <summary>A rule of a setting's own (a <see cref="ValidationAttribute"/>) that says what the variable takes, in both languages.</summary>
public interface ISettingRule
{
    string Vi { get; }

    string En { get; }
}

/// <summary>Settings that cannot be used; the message lists each variable, its value and what it takes.</summary>
public sealed class SettingsException(IReadOnlyList<string> problems)
    : Exception("Cấu hình không hợp lệ / Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
