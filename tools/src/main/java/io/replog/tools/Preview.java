package io.replog.tools;

/** A short, printable rendering of payload bytes: text when they are printable ASCII, hex otherwise. */
final class Preview {
    private Preview() {
    }

    static String of(byte[] bytes, int fullLength) {
        boolean printable = true;
        for (byte b : bytes) {
            printable &= b >= 0x20 && b < 0x7f;
        }
        StringBuilder text = new StringBuilder();
        if (printable) {
            text.append('"').append(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII)).append('"');
        } else {
            text.append("0x");
            for (byte b : bytes) {
                text.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
        }
        if (fullLength > bytes.length) {
            text.append("...");
        }
        return text.toString();
    }
}
