<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>pulsebook::BookView</name>
    <message numerus="yes">
        <source>%1: %n account(s)</source>
        <translation>
            <numerusform>%1: %Ln account</numerusform>
            <numerusform>%1: %Ln accounts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulsebook::MainWindow</name>
    <message numerus="yes">
        <source>, %n user(s) first seen in events</source>
        <translation>
            <numerusform>, %Ln user first seen in events</numerusform>
            <numerusform>, %Ln users first seen in events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n row(s) rejected, but their file could not be written: %1</source>
        <translation>
            <numerusform>, %Ln row rejected, but their file could not be written: %1</numerusform>
            <numerusform>, %Ln rows rejected, but their file could not be written: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n row(s) rejected (see %1)</source>
        <translation>
            <numerusform>, %Ln row rejected (see %1)</numerusform>
            <numerusform>, %Ln rows rejected (see %1)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulsebook::OnboardingView</name>
    <message numerus="yes">
        <source>%1: %n user(s), ✔ done (first done on the date shown) or ✖ not done</source>
        <translation>
            <numerusform>%1: %Ln user, ✔ done (first done on the date shown) or ✖ not done</numerusform>
            <numerusform>%1: %Ln users, ✔ done (first done on the date shown) or ✖ not done</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulsebook::TimelineModel</name>
    <message numerus="yes">
        <source>%1, %2 to %3, %n event(s), %4%5</source>
        <translation>
            <numerusform>%1, %2 to %3, %Ln event, %4%5</numerusform>
            <numerusform>%1, %2 to %3, %Ln events, %4%5</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulsebook::TimelineView</name>
    <message numerus="yes">
        <source>Highlight %1 (%n time(s))</source>
        <translation>
            <numerusform>Highlight %1 (%Ln time)</numerusform>
            <numerusform>Highlight %1 (%Ln times)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>pulsebook::TodayView</name>
    <message numerus="yes">
        <source>%n line(s) for %1. Enter opens the account; a tile opens the accounts it counts.</source>
        <translation>
            <numerusform>%Ln line for %1. Enter opens the account; a tile opens the accounts it counts.</numerusform>
            <numerusform>%Ln lines for %1. Enter opens the account; a tile opens the accounts it counts.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n account(s)</source>
        <translation>
            <numerusform>%Ln account</numerusform>
            <numerusform>%Ln accounts</numerusform>
        </translation>
    </message>
</context>
</TS>
