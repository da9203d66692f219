#include "ExportMapping.h"

#include "ExportFormat.h"
#include "cache/Cache.h"

#include <QJsonDocument>

namespace pulsebook {

namespace {

bool fail(QString* error, const QString& path, const QString& problem)
{
    if (error)
        *error = QStringLiteral("%1: %2").arg(path, problem);
    return false;
}

// Why `field` of `table` cannot be mapped to no column ("" when it can).
QString noColumnProblem(const QString& table, const ExportFormat::Column& field)
{
    return field.required ? QStringLiteral("%1.%2 is required: a column must fill it")
                                .arg(table, QLatin1String(field.name))
                          : QString();
}

QString tableList()
{
    QStringList names;
    for (const auto& spec : ExportFormat::files())
        names.append(QLatin1String(spec.tableName));
    return names.join(QStringLiteral(", "));
}

} // namespace

bool ExportMapping::fromJson(const QJsonObject& workspace, ExportMapping* out, QString* error)
{
    *out = ExportMapping();
    const QJsonValue files = workspace.value(QLatin1String("files"));
    if (!files.isUndefined()) {
        if (!files.isObject())
            return fail(error, QStringLiteral("$.files"),
                        QStringLiteral("expected an object of table: file name"));
        const QJsonObject o = files.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString here = QStringLiteral("$.files.%1").arg(it.key());
            const auto* spec = ExportFormat::specNamed(it.key());
            if (!spec)
                return fail(error, here, QStringLiteral("no such table (%1)").arg(tableList()));
            if (!it.value().isString() || it.value().toString().trimmed().isEmpty())
                return fail(error, here, QStringLiteral("expected a file name"));
            out->files.insert(QLatin1String(spec->tableName), it.value().toString().trimmed());
        }
    }
    const QJsonValue columns = workspace.value(QLatin1String("columns"));
    if (!columns.isUndefined()) {
        if (!columns.isObject())
            return fail(error, QStringLiteral("$.columns"),
                        QStringLiteral("expected an object of table: {field: column}"));
        const QJsonObject o = columns.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString here = QStringLiteral("$.columns.%1").arg(it.key());
            const auto* spec = ExportFormat::specNamed(it.key());
            if (!spec)
                return fail(error, here, QStringLiteral("no such table (%1)").arg(tableList()));
            if (!it.value().isObject())
                return fail(error, here, QStringLiteral("expected an object of field: column"));
            const QJsonObject fields = it.value().toObject();
            QMap<QString, QString>& target = out->columns[QLatin1String(spec->tableName)];
            for (auto f = fields.begin(); f != fields.end(); ++f) {
                const QString at = here + QLatin1Char('.') + f.key();
                const auto* field = ExportFormat::columnNamed(*spec, f.key());
                if (!field)
                    return fail(error, at,
                                QStringLiteral("%1 has no field of that name").arg(it.key()));
                const QString table = QLatin1String(spec->tableName);
                if (f.value().isNull()) { // null: no column fills the field
                    if (const QString problem = noColumnProblem(table, *field); !problem.isEmpty())
                        return fail(error, at, problem);
                    target.insert(QLatin1String(field->name), QString());
                    continue;
                }
                if (!f.value().isString() || f.value().toString().trimmed().isEmpty())
                    return fail(error, at,
                                QStringLiteral("expected a column name (null: no column)"));
                target.insert(QLatin1String(field->name), f.value().toString().trimmed());
            }
        }
    }
    const QJsonValue order = workspace.value(QLatin1String("date_order"));
    if (!order.isUndefined() &&
        (!order.isString() || !FieldParser::parseDateOrder(order.toString(), &out->dateOrder)))
        return fail(error, QStringLiteral("$.date_order"), QStringLiteral("expected MDY or DMY"));
    return true;
}

void ExportMapping::toJson(QJsonObject* workspace) const
{
    workspace->remove(QLatin1String("files"));
    workspace->remove(QLatin1String("columns"));
    workspace->remove(QLatin1String("date_order"));
    if (!files.isEmpty()) {
        QJsonObject o;
        for (auto it = files.begin(); it != files.end(); ++it)
            o.insert(it.key(), it.value());
        workspace->insert(QLatin1String("files"), o);
    }
    if (!columns.isEmpty()) {
        QJsonObject o;
        for (auto it = columns.begin(); it != columns.end(); ++it) {
            QJsonObject fields;
            for (auto f = it.value().begin(); f != it.value().end(); ++f)
                fields.insert(f.key(), f.value().isEmpty() ? QJsonValue(QJsonValue::Null)
                                                           : QJsonValue(f.value()));
            o.insert(it.key(), fields);
        }
        workspace->insert(QLatin1String("columns"), o);
    }
    if (dateOrder != FieldParser::DateOrder::Unset)
        workspace->insert(QLatin1String("date_order"), FieldParser::dateOrderName(dateOrder));
}

bool ExportMapping::load(Cache& cache, ExportMapping* out, QString* error)
{
    // Only the mapping's keys are read: the rest of the workspace is not the sync's business.
    *out = ExportMapping();
    const QString stored = cache.meta("workspace");
    if (stored.isEmpty())
        return true;
    const QJsonDocument doc = QJsonDocument::fromJson(stored.toUtf8());
    if (!doc.isObject() || !fromJson(doc.object(), out, error)) {
        if (error)
            *error = QStringLiteral("%1: the stored workspace's mapping is damaged: %2")
                         .arg(cache.path(), doc.isObject() ? *error : QStringLiteral("not JSON"));
        return false;
    }
    return true;
}

bool ExportMapping::set(const QString& assignment, QString* error)
{
    const qsizetype equals = assignment.indexOf(QLatin1Char('='));
    const QString key = assignment.left(equals).trimmed();
    const QString value = assignment.mid(equals + 1).trimmed();
    const qsizetype dot = key.indexOf(QLatin1Char('.'));
    // An empty COLUMN (TABLE.FIELD=) says that no column fills the field; a file needs a name.
    if (equals <= 0 || (value.isEmpty() && dot < 0))
        return fail(error, assignment,
                    QStringLiteral("expected TABLE=FILE, TABLE.FIELD=COLUMN or TABLE.FIELD="));
    const auto* spec = ExportFormat::specNamed(dot < 0 ? key : key.left(dot));
    if (!spec)
        return fail(error, assignment, QStringLiteral("no such table (%1)").arg(tableList()));
    const QString table = QLatin1String(spec->tableName);
    if (dot < 0) {
        files.insert(table, value);
        return true;
    }
    const auto* field = ExportFormat::columnNamed(*spec, key.mid(dot + 1));
    if (!field)
        return fail(error, assignment,
                    QStringLiteral("%1 has no field \"%2\"").arg(table, key.mid(dot + 1)));
    if (value.isEmpty()) {
        if (const QString problem = noColumnProblem(table, *field); !problem.isEmpty())
            return fail(error, assignment, problem);
    }
    columns[table].insert(QLatin1String(field->name), value);
    return true;
}

void ExportMapping::mergeFrom(const ExportMapping& other)
{
    for (auto it = other.files.begin(); it != other.files.end(); ++it)
        files.insert(it.key(), it.value());
    for (auto it = other.columns.begin(); it != other.columns.end(); ++it) {
        for (auto f = it.value().begin(); f != it.value().end(); ++f)
            columns[it.key()].insert(f.key(), f.value());
    }
    if (other.dateOrder != FieldParser::DateOrder::Unset)
        dateOrder = other.dateOrder;
}

} // namespace pulsebook
