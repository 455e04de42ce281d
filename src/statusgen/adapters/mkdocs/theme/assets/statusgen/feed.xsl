<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shows statusgen's Atom and RSS feeds as a readable page when someone opens one in a browser
  that applies XSLT: what a feed is, its address to copy, and its entries linked to their
  pages. Feed readers ignore it; the feed stays a valid feed. Entry text is not copied into
  the page (that would need disable-output-escaping): each title links to the full story.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/atom:feed/atom:title | /rss/channel/title"/>
  <xsl:variable name="self" select="/atom:feed/atom:link[@rel='self']/@href | /rss/channel/*[local-name()='link' and @rel='self']/@href"/>
  <xsl:variable name="home" select="/atom:feed/atom:link[@rel='alternate']/@href | /rss/channel/link"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width,initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/></title>
        <style>
          :root { color-scheme: light dark; --fg: #1f2328; --muted: #57606a; --bg: #fff; --line: #d0d7de; --link: #0550ae; --note: #ddf4ff; }
          @media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9da7b3; --bg: #0d1117; --line: #30363d; --link: #79c0ff; --note: #0c2d48; } }
          body { margin: 0 auto; max-width: 46rem; padding: 1rem; color: var(--fg); background: var(--bg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
          a { color: var(--link); }
          .note { background: var(--note); border-radius: 6px; padding: 0.8rem 1rem; margin: 1rem 0 1.5rem; }
          .note p { margin: 0.3rem 0; }
          code { overflow-wrap: anywhere; font-size: 0.9em; }
          ol { list-style: none; margin: 0; padding: 0; }
          li { border-block-end: 1px solid var(--line); padding: 0.7rem 0; }
          h2 { font-size: 1.05rem; margin: 0 0 0.2rem; }
          .meta { color: var(--muted); font-size: 0.9rem; margin: 0; }
        </style>
      </head>
      <body>
        <main>
          <h1><xsl:value-of select="$title"/></h1>
          <div class="note">
            <p><strong>This is a feed.</strong> Feed readers, Slack, Microsoft Teams, Outlook and many other apps check it for you and show new incidents and updates as soon as they are posted.</p>
            <p>To subscribe, copy this address into your reader: <code><xsl:value-of select="$self"/></code></p>
            <p><a href="{$home}">Back to the status page</a></p>
          </div>
          <ol>
            <xsl:apply-templates select="/atom:feed/atom:entry | /rss/channel/item"/>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <xsl:call-template name="entry">
      <xsl:with-param name="title" select="atom:title"/>
      <xsl:with-param name="link" select="atom:link[not(@rel) or @rel='alternate']/@href"/>
      <!-- 2026-11-22T... reads as 22 Nov 2026, as RSS dates do. -->
      <xsl:with-param name="when" select="concat(number(substring(atom:updated, 9, 2)), ' ',
          substring('JanFebMarAprMayJunJulAugSepOctNovDec', (substring(atom:updated, 6, 2) - 1) * 3 + 1, 3),
          ' ', substring(atom:updated, 1, 4))"/>
      <xsl:with-param name="html" select="atom:content"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="item">
    <xsl:call-template name="entry">
      <xsl:with-param name="title" select="title"/>
      <xsl:with-param name="link" select="link"/>
      <xsl:with-param name="when" select="substring(pubDate, 6, 11)"/>
      <xsl:with-param name="html" select="description"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The latest status is the first bold label of the entry's text (Statuspage's shape). -->
  <xsl:template name="entry">
    <xsl:param name="title"/>
    <xsl:param name="link"/>
    <xsl:param name="when"/>
    <xsl:param name="html"/>
    <xsl:variable name="status" select="substring-before(substring-after($html, '&lt;strong&gt;'), '&lt;/strong&gt;')"/>
    <li>
      <h2><a href="{$link}"><xsl:value-of select="$title"/></a></h2>
      <p class="meta">
        <xsl:if test="$status"><xsl:value-of select="$status"/> · </xsl:if>
        <xsl:value-of select="$when"/>
      </p>
    </li>
  </xsl:template>
</xsl:stylesheet>
