package dev.larder.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The capped copy and the writer tee, below the servlet API. */
class CaptureTest {

  @Test
  void theCopyKeepsAtMostTheCapAndForgetsEverythingPastIt() {
    CappedBuffer b = new CappedBuffer(10);
    b.write(new byte[] {1, 2, 3}, 0, 3);
    b.write(4);
    assertArrayEquals(new byte[] {1, 2, 3, 4}, b.toByteArray());
    b.write(new byte[6], 0, 6);
    assertEquals(10, b.size());
    assertFalse(b.overflowed());
    b.write(0);
    assertTrue(b.overflowed());
    assertNull(b.toByteArray());
    b.write(new byte[100], 0, 100);
    assertTrue(b.overflowed());
    b.reset();
    assertFalse(b.overflowed(), "a reset response starts over");
    b.write(7);
    assertArrayEquals(new byte[] {7}, b.toByteArray());
    CappedBuffer known = new CappedBuffer(4096);
    known.expect(2000);
    known.write(new byte[2000], 0, 2000);
    assertEquals(2000, known.toByteArray().length);
    known.expect(10_000);
    assertEquals(2000, known.size(), "a length past the cap or after writes changes nothing");
  }

  @Test
  void aBrokenCopyStaysBroken() {
    CappedBuffer b = new CappedBuffer(10);
    b.markBroken();
    b.reset();
    assertTrue(b.broken());
  }

  @Test
  void theWriterTeeEncodesSurrogatePairsSplitAcrossWrites() throws Exception {
    StringWriter client = new StringWriter();
    CappedBuffer copy = new CappedBuffer(100);
    TeeWriter tee = new TeeWriter(new PrintWriter(client), copy, StandardCharsets.UTF_8);
    String smile = "😀";
    tee.write("a€");
    tee.write(smile.charAt(0));
    tee.write(new char[] {smile.charAt(1), 'z'}, 0, 2);
    tee.flush();
    assertEquals("a€😀z", client.toString());
    assertArrayEquals("a€😀z".getBytes(StandardCharsets.UTF_8), copy.toByteArray());
  }

  @Test
  void aLoneHighSurrogateAtTheEndIsEncodedLikeTheContainerDoes() throws Exception {
    CappedBuffer copy = new CappedBuffer(100);
    TeeWriter tee = new TeeWriter(new PrintWriter(new StringWriter()), copy, StandardCharsets.UTF_8);
    tee.write("x\uD83D");
    tee.endOfInput();
    assertArrayEquals("x\uD83D".getBytes(StandardCharsets.UTF_8), copy.toByteArray());
  }

  @Test
  void theWriterStopsEncodingOnceTheCopyOverflowed() throws Exception {
    CappedBuffer copy = new CappedBuffer(4);
    StringWriter client = new StringWriter();
    TeeWriter tee = new TeeWriter(new PrintWriter(client), copy, StandardCharsets.ISO_8859_1);
    tee.write("12345678");
    tee.write("9");
    tee.flush();
    assertEquals("123456789", client.toString(), "the client gets everything");
    assertTrue(copy.overflowed());
  }

  @Test
  void ifNoneMatchUsesTheWeakComparison() {
    assertTrue(HitWriter.notModified("\"v1\"", "\"v1\""));
    assertTrue(HitWriter.notModified("W/\"v1\"", "\"v1\""));
    assertTrue(HitWriter.notModified("\"a\", \"v1\"", "W/\"v1\""));
    assertTrue(HitWriter.notModified("*", "\"anything\""));
    assertFalse(HitWriter.notModified("\"v2\"", "\"v1\""));
    assertFalse(HitWriter.notModified(null, "\"v1\""));
    assertFalse(HitWriter.notModified("\"v1\"", null));
    assertTrue(HitWriter.notModified("\"with,comma\"", "\"with,comma\""));
  }
}
