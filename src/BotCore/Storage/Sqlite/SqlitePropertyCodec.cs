using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BotCore.Storage.Sqlite;

/// <summary>
/// Stores an entity's properties as one JSON object of <c>name: [type, value]</c>, so every Table Storage
/// type comes back as the same .NET type (JSON alone cannot tell an int from a long or a Guid from a string).
/// </summary>
internal static class SqlitePropertyCodec
{
    public static string Encode(IReadOnlyDictionary<string, object> properties)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in properties)
            {
                writer.WriteStartArray(name);
                switch (value)
                {
                    case string s:
                        writer.WriteStringValue("s");
                        writer.WriteStringValue(s);
                        break;
                    case bool b:
                        writer.WriteStringValue("b");
                        writer.WriteBooleanValue(b);
                        break;
                    case int i:
                        writer.WriteStringValue("i");
                        writer.WriteNumberValue(i);
                        break;
                    case long l:
                        writer.WriteStringValue("l");
                        writer.WriteNumberValue(l);
                        break;
                    case double d:
                        // As text: JSON has no NaN or infinities, and "R" keeps every bit.
                        writer.WriteStringValue("d");
                        writer.WriteStringValue(d.ToString("R", CultureInfo.InvariantCulture));
                        break;
                    case DateTimeOffset t:
                        writer.WriteStringValue("t");
                        writer.WriteNumberValue(t.UtcTicks);
                        break;
                    case Guid g:
                        writer.WriteStringValue("g");
                        writer.WriteStringValue(g);
                        break;
                    case byte[] x:
                        writer.WriteStringValue("x");
                        writer.WriteBase64StringValue(x);
                        break;
                    default:
                        throw new InvalidOperationException($"Unvalidated property type {value.GetType().Name}.");
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static Dictionary<string, object?> Decode(string json)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var value = property.Value[1];
            properties[property.Name] = property.Value[0].GetString() switch
            {
                "s" => value.GetString(),
                "b" => value.GetBoolean(),
                "i" => value.GetInt32(),
                "l" => value.GetInt64(),
                "d" => double.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
                "t" => new DateTimeOffset(value.GetInt64(), TimeSpan.Zero),
                "g" => value.GetGuid(),
                "x" => value.GetBytesFromBase64(),
                var type => throw new StorageException(StorageErrorKind.Unavailable, $"Stored property '{property.Name}' has unknown type '{type}'."),
            };
        }

        return properties;
    }
}
