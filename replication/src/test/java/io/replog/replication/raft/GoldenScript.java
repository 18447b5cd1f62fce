package io.replog.replication.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * A golden transcript: blocks of "command line, ----, expected output", separated by blank
 * lines, in the manner of etcd-raft's datadriven testdata. Lines starting with '#' before a
 * command are comments and are kept on rewrite.
 */
final class GoldenScript {
    record Block(List<String> comments, String command, String expected, int lineNumber) {
    }

    private GoldenScript() {
    }

    static List<Block> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            List<String> comments = new ArrayList<>();
            while (i < lines.length && (lines[i].isBlank() || lines[i].startsWith("#"))) {
                if (lines[i].startsWith("#")) {
                    comments.add(lines[i]);
                }
                i++;
            }
            if (i >= lines.length) {
                break;
            }
            int commandLine = i + 1;
            String command = lines[i++].trim();
            if (i >= lines.length || !lines[i].equals("----")) {
                throw new IllegalArgumentException("line " + commandLine + ": expected '----' after command '" + command + "'");
            }
            i++;
            StringBuilder expected = new StringBuilder();
            while (i < lines.length && !lines[i].isEmpty()) {
                expected.append(lines[i++]).append('\n');
            }
            blocks.add(new Block(comments, command, expected.toString(), commandLine));
        }
        return blocks;
    }

    static String render(List<Block> blocks, List<String> outputs) {
        StringBuilder text = new StringBuilder();
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            if (b > 0) {
                text.append('\n');
            }
            for (String comment : block.comments()) {
                text.append(comment).append('\n');
            }
            text.append(block.command()).append('\n').append("----\n").append(outputs.get(b));
        }
        return text.toString();
    }
}
