package dev.wagateway.core.event;

import dev.wagateway.core.message.MediaInfo;
import dev.wagateway.core.message.MessageContent;
import dev.wagateway.core.message.MessageKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON maps of message contents for {@link SessionEvents}: {@code {"kind":…, …}}. */
final class MessageJson {
  private MessageJson() {}

  static Map<String, Object> content(MessageContent content) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (content == null) {
      out.put("kind", "none");
      return out;
    }
    if (content instanceof MessageContent.Text t) {
      out.put("kind", "text");
      out.put("text", t.text());
      if (t.quoted() != null) {
        out.put("quotedId", t.quoted().stanzaId());
      }
      if (!t.mentions().isEmpty()) {
        out.put("mentions", t.mentions());
      }
    } else if (content instanceof MessageContent.Image m) {
      media(out, "image", m.media());
      put(out, "caption", m.caption());
    } else if (content instanceof MessageContent.Video m) {
      media(out, "video", m.media());
      put(out, "caption", m.caption());
    } else if (content instanceof MessageContent.Audio m) {
      media(out, "audio", m.media());
      out.put("ptt", m.ptt());
    } else if (content instanceof MessageContent.Document m) {
      media(out, "document", m.media());
      put(out, "fileName", m.fileName());
      put(out, "caption", m.caption());
    } else if (content instanceof MessageContent.Sticker m) {
      media(out, "sticker", m.media());
    } else if (content instanceof MessageContent.Reaction r) {
      out.put("kind", "reaction");
      out.put("target", key(r.target()));
      out.put("emoji", r.emoji());
    } else if (content instanceof MessageContent.Location l) {
      out.put("kind", "location");
      out.put("latitude", l.latitude());
      out.put("longitude", l.longitude());
      put(out, "name", l.name());
    } else if (content instanceof MessageContent.Contact c) {
      out.put("kind", "contact");
      put(out, "displayName", c.displayName());
      put(out, "vcard", c.vcard());
    } else if (content instanceof MessageContent.Revoke r) {
      out.put("kind", "revoke");
      out.put("target", key(r.target()));
    } else if (content instanceof MessageContent.Edit e) {
      out.put("kind", "edit");
      out.put("target", key(e.target()));
      out.put("newContent", content(e.newContent()));
    } else if (content instanceof MessageContent.Unknown u) {
      out.put("kind", "unknown");
      out.put("protoKind", u.kind());
      out.put("raw", Base64.getEncoder().encodeToString(u.raw()));
    }

    return out;
  }

  private static void media(Map<String, Object> out, String kind, MediaInfo media) {
    out.put("kind", kind);
    put(out, "mimetype", media.mimetype());
    out.put("fileLength", media.fileLength());
    put(out, "directPath", media.directPath());
  }

  private static Map<String, Object> key(MessageKey key) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("remoteJid", key.remoteJid());
    out.put("fromMe", key.fromMe());
    out.put("id", key.id());
    put(out, "participant", key.participant());
    return out;
  }

  private static void put(Map<String, Object> out, String key, Object value) {
    if (value != null) {
      out.put(key, value);
    }
  }
}
