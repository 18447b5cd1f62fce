package io.replog.checker;

import java.util.List;

/** The models known by name, as chosen on the command line. */
public final class Models {
    private Models() {
    }

    public static List<String> names() {
        return List.of(RegisterModel.NAME, KvModel.NAME);
    }

    /** The model with this name; throws {@link IllegalArgumentException} naming the known ones otherwise. */
    public static Model byName(String name) {
        switch (name) {
            case RegisterModel.NAME: return new RegisterModel();
            case KvModel.NAME: return new KvModel();
            default:
                throw new IllegalArgumentException("unknown model '" + name + "'; known models: " + names());
        }
    }
}
