using System.Net;

namespace Trellis.Reporting;

/// <summary>HTML escaping for text and attribute values.</summary>
internal static class Html
{
    public static string Escape(string s) => WebUtility.HtmlEncode(s);
}
