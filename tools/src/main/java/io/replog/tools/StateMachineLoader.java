package io.replog.tools;

import io.replog.replication.StateMachine;
import picocli.CommandLine;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Instantiates an application's {@link StateMachine} by class name, from extra jars if given. */
final class StateMachineLoader {
    private StateMachineLoader() {
    }

    static StateMachine load(CommandLine commandLine, String className, String classpath) {
        ClassLoader loader = StateMachineLoader.class.getClassLoader();
        if (classpath != null && !classpath.isBlank()) {
            List<URL> urls = new ArrayList<>();
            for (String element : classpath.split(File.pathSeparator)) {
                Path path = Path.of(element);
                if (!Files.exists(path)) {
                    throw new CommandLine.ParameterException(commandLine, "--classpath element " + element +
                        " does not exist");
                }
                try {
                    urls.add(path.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new CommandLine.ParameterException(commandLine, "--classpath element " + element +
                        " is not a valid path: " + e.getMessage());
                }
            }
            loader = new URLClassLoader(urls.toArray(new URL[0]), loader);
        }
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CommandLine.ParameterException(commandLine, "cannot load state machine class " + className +
                (classpath == null ? " (is its jar on --classpath?)" : " from " + classpath) + ": " + e);
        }
        if (!StateMachine.class.isAssignableFrom(type)) {
            throw new CommandLine.ParameterException(commandLine, className + " does not implement " +
                StateMachine.class.getName());
        }
        try {
            return (StateMachine)type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new CommandLine.ParameterException(commandLine, "cannot instantiate " + className +
                " through a public no-argument constructor: " + e);
        }
    }
}
