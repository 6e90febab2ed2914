/**
 * What messages say: {@link dev.wagateway.core.message.MessageContent} (text, media, reactions,
 * locations, contacts, revokes, edits, and everything else kept as bytes), the {@link
 * dev.wagateway.core.message.MessageKey} that names a message, and the {@link
 * dev.wagateway.core.message.MediaInfo} of an encrypted media file. Immutable values; their {@code
 * toString()} never prints message text, captions or keys.
 */
package dev.wagateway.core.message;
