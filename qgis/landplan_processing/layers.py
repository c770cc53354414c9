"""Layers between QGIS and landplan: a layer open in QGIS (any format QGIS reads, or its
selection) written as a GeoPackage with its fields renamed to landplan's, and landplan's
outputs handed back to QGIS as layers (their styles are stored in their GeoPackages).
"""

from qgis.core import (
    QgsFeature,
    QgsField,
    QgsFields,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsVectorFileWriter,
    QgsWkbTypes,
)

from .words import tr


def write_mapped(source, mapping, path, layer_name, context, feedback, what):
    """Write ``source``'s features to the GeoPackage ``path`` (layer ``layer_name``), each
    landplan field of ``mapping`` (landplan's name → the layer's field, or None: not given)
    taken from its field, every other field kept as it is (but one that would be mistaken for
    a landplan field given by another). ``what`` names the layer in messages."""
    names = source.fields().names()
    for target, field in mapping.items():
        if field and field not in names:
            raise QgsProcessingException(
                tr(
                    "{what}: the field {field} chosen for {target} is not in the layer (it has "
                    "{fields})"
                ).format(what=what, field=field, target=target, fields=", ".join(names))
            )
    taken = {target.lower() for target, field in mapping.items() if field}
    # (landplan's name, the layer's field): one field may give several of landplan's
    columns = [(target, field) for target, field in mapping.items() if field]
    columns += [(n, n) for n in names if n.lower() not in taken]
    fields = QgsFields()
    for target, field in columns:
        copy = QgsField(source.fields().field(field))
        copy.setName(target)
        fields.append(copy)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = layer_name
    options.fileEncoding = "UTF-8"
    writer = QgsVectorFileWriter.create(
        path, fields, source.wkbType(), source.sourceCrs(), context.transformContext(), options
    )
    if writer.hasError() != QgsVectorFileWriter.NoError:
        raise QgsProcessingException(f"{path}: {writer.errorMessage()}")
    indices = [names.index(field) for _, field in columns]
    for feature in source.getFeatures():
        if feedback.isCanceled():
            break
        copy = QgsFeature(fields)
        copy.setGeometry(feature.geometry())
        copy.setAttributes([feature.attributes()[i] for i in indices])
        writer.addFeature(copy)
    del writer  # closes the file


class Styled(QgsProcessingLayerPostProcessorInterface):
    """What is done to a layer of landplan's once QGIS has opened it: the style its GeoPackage
    stores is applied (Processing opens result layers without it), and a layer whose geometry
    is schematic says so in its name."""

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS's name)
        layer.loadDefaultStyle()
        field = layer.fields().indexOf("geometry_status")
        if field >= 0 and "schematic" in {str(v) for v in layer.uniqueValues(field)}:
            layer.setName(tr("{name} (schematic geometry)").format(name=layer.name()))


#: Post-processors held while QGIS may still call them (it keeps no reference of its own).
_HELD = []


def load_on_completion(context, uri, name, output):
    """Open ``uri`` in the project when the algorithm ends (as ``name``), with the style its
    GeoPackage stores for it (:class:`Styled`)."""
    details = QgsProcessingContext.LayerDetails(name, context.project(), output)
    _HELD.append(Styled())
    details.setPostProcessor(_HELD[-1])
    context.addLayerToLoadOnCompletion(uri, details)


def is_polygonal(source):
    return QgsWkbTypes.geometryType(source.wkbType()) == QgsWkbTypes.PolygonGeometry
