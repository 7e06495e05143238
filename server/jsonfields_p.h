#pragma once

// The plain values of the admin protocol as JSON, one field table per value: each field's protocol
// name and how it is read and written. Private to the server library's codecs (snapshotdelta.cpp,
// adminprotocol.cpp).

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QJsonValue>
#include <QString>

#include <array>
#include <type_traits>

namespace wsm::jsonfields {

// A field of a plain value by its protocol name: read into JSON, written back from it.
template<typename Value>
struct Field
{
    const char *name;
    QJsonValue (*get)(const Value &);
    bool (*set)(Value &, const QJsonValue &);
};

// A member as JSON: text as a string, rates as a number, counts exactly (a JSON integer).
template<typename Value, typename T, T Value::*Member>
QJsonValue getMember(const Value &value)
{
    if constexpr (std::is_integral_v<T>)
        return QJsonValue(qint64(value.*Member));
    else
        return QJsonValue(value.*Member);
}

template<typename Value, typename T, T Value::*Member>
bool setMember(Value &value, const QJsonValue &json)
{
    if constexpr (std::is_same_v<T, QString>) {
        if (!json.isString())
            return false;
        value.*Member = json.toString();
    } else {
        if (!json.isDouble())
            return false;
        if constexpr (std::is_integral_v<T>)
            value.*Member = T(json.toInteger());
        else
            value.*Member = json.toDouble();
    }
    return true;
}

#define WSM_FIELD(V, member, name) \
    Field<V> { name, &getMember<V, decltype(V::member), &V::member>, &setMember<V, decltype(V::member), &V::member> }

// A flag as a JSON boolean (getMember would write a number).
template<typename Value, bool Value::*Member>
QJsonValue getFlag(const Value &value)
{
    return value.*Member;
}

template<typename Value, bool Value::*Member>
bool setFlag(Value &value, const QJsonValue &json)
{
    if (!json.isBool())
        return false;
    value.*Member = json.toBool();
    return true;
}

#define WSM_FLAG(V, member, name) \
    Field<V> { name, &getFlag<V, &V::member>, &setFlag<V, &V::member> }

template<typename Value, size_t N>
QJsonObject toJson(const Value &value, const std::array<Field<Value>, N> &fields)
{
    QJsonObject object;
    for (const Field<Value> &field : fields)
        object.insert(QLatin1String(field.name), field.get(value));
    return object;
}

template<typename Value, size_t N>
bool fromJson(const QJsonObject &object, Value *value, const std::array<Field<Value>, N> &fields,
              QString *error)
{
    for (const Field<Value> &field : fields) {
        const auto it = object.constFind(QLatin1String(field.name));
        if (it != object.constEnd() && !field.set(*value, *it)) {
            *error = QStringLiteral("\"%1\" has the wrong type").arg(QLatin1String(field.name));
            return false;
        }
    }
    return true;
}

// Each item of an array as an object, read by fromObject(object, &value, error); an absent array
// is an empty list.
template<typename Value, typename FromObject>
bool listFromJson(const QJsonValue &json, const char *name, QList<Value> *list, FromObject fromObject,
                  QString *error)
{
    if (json.isUndefined())
        return true;
    if (!json.isArray()) {
        *error = QStringLiteral("\"%1\" is not an array").arg(QLatin1String(name));
        return false;
    }
    for (const QJsonValue &item : json.toArray()) {
        if (!item.isObject()) {
            *error = QStringLiteral("an item of \"%1\" is not an object").arg(QLatin1String(name));
            return false;
        }
        Value value;
        if (!fromObject(item.toObject(), &value, error))
            return false;
        list->append(value);
    }
    return true;
}

template<typename Value, size_t N>
bool listFromJson(const QJsonValue &json, const char *name, QList<Value> *list,
                  const std::array<Field<Value>, N> &fields, QString *error)
{
    return listFromJson(json, name, list, [&fields](const QJsonObject &object, Value *value, QString *why) {
        return fromJson(object, value, fields, why);
    }, error);
}

template<typename Value, typename ToObject>
QJsonArray listToJson(const QList<Value> &list, ToObject toObject)
{
    QJsonArray array;
    for (const Value &value : list)
        array.append(toObject(value));
    return array;
}

template<typename Value, size_t N>
QJsonArray listToJson(const QList<Value> &list, const std::array<Field<Value>, N> &fields)
{
    return listToJson(list, [&fields](const Value &value) { return toJson(value, fields); });
}

// An id a script wrote: a non-negative integer, exact in a double.
inline bool idFromJson(const QJsonValue &json, quint64 *id)
{
    if (!json.isDouble())
        return false;
    const double number = json.toDouble();
    if (number < 0 || number > 9007199254740992.0 || number != double(qint64(number)))
        return false;
    *id = quint64(number);
    return true;
}

} // namespace wsm::jsonfields
