using BotCore.Storage;

namespace BotCore.Tests.Storage;

public sealed class TableKeyTests
{
    [Theory]
    [InlineData("client-42")]
    [InlineData("a:1XyZ_conversation.id@thread.tacv2;messageid=17")]
    [InlineData("ünïcode ข้อความ 😀")]
    public void Keys_without_forbidden_characters_are_unchanged(string key) => Assert.Equal(key, TableKey.Escape(key));

    [Theory]
    [InlineData("a/b", "a~2Fb")]
    [InlineData(@"a\b", "a~5Cb")]
    [InlineData("a#b?c", "a~23b~3Fc")]
    [InlineData("tab\t", "tab~09")]
    [InlineData("~", "~7E")]
    [InlineData("\u0085", "~85")]
    public void Forbidden_characters_and_the_escape_character_are_escaped(string key, string escaped)
    {
        Assert.Equal(escaped, TableKey.Escape(key));
        Assert.Equal(key, TableKey.Unescape(escaped));
    }

    [Fact]
    public void Unpaired_surrogates_are_escaped_and_pairs_are_kept()
    {
        var key = "lone" + '\uD800' + "pair😀";

        var escaped = TableKey.Escape(key);

        Assert.Equal("lone~uD800pair😀", escaped);
        Assert.Equal(key, TableKey.Unescape(escaped));
    }

    [Fact]
    public void Escaping_round_trips_every_character_and_leaves_none_that_Table_Storage_refuses()
    {
        var everyChar = new string(Enumerable.Range(0, 0x10000).Select(c => (char)c).ToArray());

        var escaped = TableKey.Escape(everyChar);

        Assert.DoesNotContain(escaped, TableKey.IsForbidden);
        Assert.Equal(everyChar, TableKey.Unescape(escaped));
    }

    [Theory]
    [InlineData("msteams/", "conversations/a:1#x")]
    [InlineData("tilde~", "~7E")]
    public void Escaping_preserves_prefixes_so_prefix_queries_can_use_an_escaped_prefix(string prefix, string rest)
    {
        Assert.Equal(TableKey.Escape(prefix) + TableKey.Escape(rest), TableKey.Escape(prefix + rest));
    }

    [Theory]
    [InlineData("~")]
    [InlineData("~2")]
    [InlineData("~G0")]
    [InlineData("~2f")]
    [InlineData("~u12")]
    public void Unescape_refuses_text_that_Escape_cannot_produce(string text) =>
        Assert.Throws<FormatException>(() => TableKey.Unescape(text));
}
