#pragma once

#include "FieldParser.h"

#include <QJsonObject>
#include <QMap>
#include <QString>

namespace pulsebook {

class Cache;

// How a user's export differs from the data contract's names (README.md, "What a sync reads"): the
// workspace's `files` (table -> file name), `columns` (table -> contract field -> header) and
// `date_order`. Names are matched like headers, case-insensitively; the built-in synonyms stay the
// defaults. A field mapped to "" (null in the document, TABLE.FIELD= on the command line) is
// filled by no column: a column of its name or a synonym then becomes a property.
struct ExportMapping
{
    QMap<QString, QString> files;
    QMap<QString, QMap<QString, QString>> columns; // "" = no column (optional fields only)
    FieldParser::DateOrder dateOrder = FieldParser::DateOrder::Unset;

    bool isEmpty() const
    {
        return files.isEmpty() && columns.isEmpty() && dateOrder == FieldParser::DateOrder::Unset;
    }

    // Reads the `files`, `columns` and `date_order` keys of a workspace document (absent keys
    // stay empty). False with *error "$.columns.accounts.csm: problem" on a bad shape or a
    // table or field the contract does not have.
    static bool fromJson(const QJsonObject& workspace, ExportMapping* out, QString* error);
    // Writes those keys into `workspace` (removing the empty ones).
    void toJson(QJsonObject* workspace) const;
    // The mapping of the workspace stored in the cache; empty when none was stored.
    static bool load(Cache& cache, ExportMapping* out, QString* error);

    // Applies one command-line mapping: "TABLE=FILE", "TABLE.FIELD=HEADER" or "TABLE.FIELD=" (no
    // column). False with *error on an unknown table or field, a required field without a
    // column or a malformed argument.
    bool set(const QString& assignment, QString* error);
    // Copies every setting of `other` over this one.
    void mergeFrom(const ExportMapping& other);
};

} // namespace pulsebook
